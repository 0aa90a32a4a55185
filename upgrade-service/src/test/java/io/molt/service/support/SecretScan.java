package io.molt.service.support;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Looks for secrets in text a user or an operator gets to see (logs, events, API answers): the configured
 * passwords and broker credentials, and anything shaped like a Keystone (Fernet) token. Reports where, never
 * the secret itself.
 */
public final class SecretScan {

    private static final Pattern FERNET_TOKEN = Pattern.compile("gAAAAA[A-Za-z0-9_-]{40,}");

    private SecretScan() {
    }

    /** {@code secrets}: a name for each secret (shown) and its value (never shown); {@code texts}: where. */
    public static List<String> leaks(Map<String, String> secrets, Map<String, String> texts) {
        List<String> found = new ArrayList<>();
        texts.forEach((where, text) -> {
            secrets.forEach((name, value) -> {
                if (value != null && value.length() >= 6 && text.contains(value)) {
                    found.add(name + " in " + where + " (line " + lineOf(text, text.indexOf(value)) + ")");
                }
            });
            var token = FERNET_TOKEN.matcher(text);
            if (token.find()) {
                found.add("a Keystone token in " + where + " (line " + lineOf(text, token.start()) + ")");
            }
        });
        return found;
    }

    private static long lineOf(String text, int at) {
        return text.substring(0, at).chars().filter(c -> c == '\n').count() + 1;
    }
}
