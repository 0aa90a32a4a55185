package io.molt.agent.journal;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One line of the journal: {@code <at> <step> <phase> <operation> key=value...}, values URL-encoded.
 * Phases {@code DONE}, {@code ROLLED_BACK}, {@code FAILED} and {@code REFUSED} close an operation.
 */
public record JournalEntry(String operationId, String step, String phase, Instant at, Map<String, String> data) {

    public static final Set<String> TERMINAL = Set.of("DONE", "ROLLED_BACK", "FAILED", "REFUSED");

    public JournalEntry {
        Objects.requireNonNull(operationId, "operationId");
        Objects.requireNonNull(step, "step");
        Objects.requireNonNull(phase, "phase");
        Objects.requireNonNull(at, "at");
        data = Map.copyOf(data);
    }

    public boolean terminal() {
        return TERMINAL.contains(phase);
    }

    public String get(String key) {
        String value = data.get(key);
        if (value == null) {
            throw new IllegalStateException("journal entry " + phase + " of " + operationId + " lacks " + key);
        }
        return value;
    }

    String toLine() {
        StringBuilder line = new StringBuilder()
                .append(at).append(' ').append(enc(step)).append(' ').append(enc(phase)).append(' ').append(enc(operationId));
        data.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> line.append(' ').append(enc(e.getKey())).append('=').append(enc(e.getValue())));
        return line.toString();
    }

    static Optional<JournalEntry> parse(String line) {
        String[] parts = line.trim().split(" ");
        if (parts.length < 4) {
            return Optional.empty();
        }
        try {
            Map<String, String> data = new LinkedHashMap<>();
            for (int i = 4; i < parts.length; i++) {
                int eq = parts[i].indexOf('=');
                if (eq <= 0) {
                    return Optional.empty();
                }
                data.put(dec(parts[i].substring(0, eq)), dec(parts[i].substring(eq + 1)));
            }
            return Optional.of(new JournalEntry(dec(parts[3]), dec(parts[1]), dec(parts[2]), Instant.parse(parts[0]), data));
        } catch (DateTimeParseException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String dec(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
