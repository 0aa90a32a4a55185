package io.molt.service.adapter.json;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.util.Arrays;
import java.util.Collection;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Says what is wrong with a JSON input (a request body, a campaign options file) in words: which field, what it
 * must be. Never the parser's own message, which names Java classes.
 */
public final class JsonInputErrors {

    private JsonInputErrors() {
    }

    public static String describe(Throwable cause) {
        return describe(cause, "");
    }

    /**
     * The same for a part of a document read on its own, e.g. a request's {@code options}: field names are
     * given from the document's root ({@code within} ends with a dot, or is empty).
     */
    public static String describe(Throwable cause, String within) {
        return describe(cause, within, "the request body");
    }

    /** The same for a document other than a request body, e.g. {@code "snapshot cloud.json"}. */
    public static String describe(Throwable cause, String within, String document) {
        if (cause instanceof JsonMappingException mapping && mapping.getCause() instanceof JsonParseException parse) {
            cause = parse; // the text ended or broke inside a value: a syntax error, not a wrong value
        }
        if (cause instanceof JsonParseException parse) {
            return document + " is not valid JSON (line " + parse.getLocation().getLineNr() + ", column "
                    + parse.getLocation().getColumnNr() + "): send one JSON object, e.g. {\"name\": \"...\"}";
        }
        if (cause instanceof UnrecognizedPropertyException unknown) {
            Collection<Object> known = unknown.getKnownPropertyIds() == null ? java.util.List.of()
                    : unknown.getKnownPropertyIds();
            return "unknown field '" + within + field(unknown, unknown.getPropertyName()) + "': remove it; the fields here are "
                    + new TreeSet<>(known.stream().map(Object::toString).toList());
        }
        if (cause instanceof InvalidNullException nulled) {
            return "field '" + within + field(nulled, null) + "' must not be null: leave out the element or give a value";
        }
        if (cause instanceof ValueInstantiationException invalid && invalid.getCause() instanceof IllegalArgumentException
                && invalid.getCause().getMessage() != null) {
            String where = within + field(invalid, null);
            return (where.isEmpty() ? "" : "field '" + where + "': ") + invalid.getCause().getMessage();
        }
        if (cause instanceof MismatchedInputException mismatch) {
            if (mismatch.getPath().isEmpty()) {
                return document + " must be one JSON object, e.g. {\"name\": \"...\"}";
            }
            return "field '" + within + field(mismatch, null) + "' must be " + expected(mismatch.getTargetType());
        }
        if (cause instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()
                && mapping.getCause() instanceof InputCoercionException range) {
            return "field '" + within + field(mapping, null) + "' is out of range for " + (range.getTargetType() == int.class
                    || range.getTargetType() == Integer.class ? "an integer (at most 2147483647)" : "its type");
        }
        if (cause instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()
                && mapping.getCause() instanceof IllegalArgumentException refused && refused.getMessage() != null) {
            return "field '" + within + field(mapping, null) + "': " + refused.getMessage(); // a value's own reader
        }
        if (cause instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            return "field '" + within + field(mapping, null) + "' has a value that is not allowed here";
        }
        if (cause instanceof JsonProcessingException) {
            return document + " is not valid JSON: send one JSON object, e.g. {\"name\": \"...\"}";
        }
        return "the request body cannot be read: send one JSON object with Content-Type: application/json";
    }

    private static String field(JsonMappingException e, String last) {
        String path = e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName()
                : "[" + r.getIndex() + "]").collect(Collectors.joining(".")).replace(".[", "[");
        if (last != null && !path.endsWith(last)) {
            path = path.isEmpty() ? last : path + "." + last;
        }
        return path;
    }

    private static String expected(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(c -> ((Enum<?>) c).name()).toList()
                    + " (a string, exactly as written)";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class
                || type == Short.class || type == short.class) {
            return "an integer (a JSON number without a fraction)";
        }
        if (type == Double.class || type == double.class || type == Float.class || type == float.class) {
            return "a number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string without NUL characters";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "a list";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "an object";
        }
        return "of another type";
    }
}
