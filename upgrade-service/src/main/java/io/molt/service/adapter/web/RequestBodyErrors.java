package io.molt.service.adapter.web;

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
 * Says what is wrong with a request body in the API's words: which field, what it must be. Never the parser's
 * own message, which names Java classes.
 */
final class RequestBodyErrors {

    private RequestBodyErrors() {
    }

    static String describe(Throwable cause) {
        if (cause instanceof JsonParseException parse) {
            return "the request body is not valid JSON (line " + parse.getLocation().getLineNr() + ", column "
                    + parse.getLocation().getColumnNr() + "): send one JSON object, e.g. {\"name\": \"...\"}";
        }
        if (cause instanceof UnrecognizedPropertyException unknown) {
            Collection<Object> known = unknown.getKnownPropertyIds() == null ? java.util.List.of()
                    : unknown.getKnownPropertyIds();
            return "unknown field '" + field(unknown, unknown.getPropertyName()) + "': remove it; the fields here are "
                    + new TreeSet<>(known.stream().map(Object::toString).toList());
        }
        if (cause instanceof InvalidNullException nulled) {
            return "field '" + field(nulled, null) + "' must not be null: leave out the element or give a value";
        }
        if (cause instanceof ValueInstantiationException invalid && invalid.getCause() instanceof IllegalArgumentException
                && invalid.getCause().getMessage() != null) {
            return invalid.getCause().getMessage();
        }
        if (cause instanceof MismatchedInputException mismatch) {
            if (mismatch.getPath().isEmpty()) {
                return "the request body must be one JSON object, e.g. {\"name\": \"...\"}";
            }
            return "field '" + field(mismatch, null) + "' must be " + expected(mismatch.getTargetType());
        }
        if (cause instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()
                && mapping.getCause() instanceof InputCoercionException range) {
            return "field '" + field(mapping, null) + "' is out of range for " + (range.getTargetType() == int.class
                    || range.getTargetType() == Integer.class ? "an integer (at most 2147483647)" : "its type");
        }
        if (cause instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()) {
            return "field '" + field(mapping, null) + "' has a value that is not allowed here";
        }
        if (cause instanceof JsonProcessingException) {
            return "the request body is not valid JSON: send one JSON object, e.g. {\"name\": \"...\"}";
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
