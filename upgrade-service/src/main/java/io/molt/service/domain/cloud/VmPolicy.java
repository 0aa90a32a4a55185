package io.molt.service.domain.cloud;

import java.util.Locale;
import java.util.Optional;

/** What a VM's owner allows, from the server metadata key {@code molt:policy}. */
public enum VmPolicy {
    /** Keep it on its host; only in-place preservation (or a restart if that is impossible) is allowed. */
    PRESERVE,
    /** Move it away with a live migration. */
    MIGRATE,
    /** It may be deleted (a replicated service replaces it). */
    TERMINATE,
    /** Molt chooses the cheapest safe action (the default). */
    ANY;

    public static final String METADATA_KEY = "molt:policy";
    public static final String MAX_DOWNTIME_KEY = "molt:max-downtime-ms";

    /** Parses a metadata value; empty for a value that is not a policy. */
    public static Optional<VmPolicy> parse(String value) {
        if (value == null) {
            return Optional.of(ANY);
        }
        try {
            return Optional.of(valueOf(value.trim().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
