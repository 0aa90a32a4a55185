package io.molt.protocol;

import java.util.regex.Pattern;

/** The rule for compute host names as they appear in messages and routing keys. */
public final class HostNames {

    /** Letters, digits, dot, dash and underscore; no AMQP wildcards; at most 255 characters. */
    private static final Pattern VALID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,254}");

    private HostNames() {
    }

    public static boolean isValid(String host) {
        return host != null && VALID.matcher(host).matches();
    }

    public static String requireValid(String host) {
        if (!isValid(host)) {
            throw new IllegalArgumentException("host must be 1-255 characters of letters, digits, '.', '-' or '_'"
                    + " starting with a letter or digit, was " + (host == null ? "missing" : "'" + host + "'"));
        }
        return host;
    }
}
