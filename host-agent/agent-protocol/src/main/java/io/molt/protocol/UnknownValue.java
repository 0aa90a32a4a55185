package io.molt.protocol;

import java.util.Arrays;
import java.util.Locale;

/**
 * A value of a protocol enum that this build does not know, e.g. a guest action from a newer peer. A message
 * carrying one is malformed ({@code invalid_field}); {@link #code()} names the field for a refusal
 * ({@code UNKNOWN_ACTION}, {@code UNKNOWN_TARGET}, {@code UNKNOWN_OUTCOME}).
 */
public final class UnknownValue extends IllegalArgumentException {

    private final String code;

    private UnknownValue(String field, String value, Enum<?>[] known) {
        super("unknown " + field + " " + value + " (expected one of " + Arrays.toString(known) + ")");
        this.code = "UNKNOWN_" + field.toUpperCase(Locale.ROOT);
    }

    public String code() {
        return code;
    }

    /** The constant named {@code value}; throws {@link UnknownValue} for any other name. */
    static <E extends Enum<E>> E parse(Class<E> type, String field, String value) {
        for (E constant : type.getEnumConstants()) {
            if (constant.name().equals(value)) {
                return constant;
            }
        }
        throw new UnknownValue(field, value, type.getEnumConstants());
    }
}
