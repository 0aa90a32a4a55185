package io.molt.service.domain.cloud;

import java.util.Locale;
import java.util.Objects;

/**
 * One live migration as the cloud records it.
 *
 * @param id                   the cloud's migration id
 * @param serverUuid           the server being moved
 * @param sourceHost           where it comes from
 * @param destinationHost      where it goes (null until the scheduler chose)
 * @param status               where the migration is
 * @param memoryTotalBytes     guest memory to copy, or null when the cloud does not say
 * @param memoryRemainingBytes guest memory still to copy, or null when the cloud does not say
 */
public record LiveMigration(
        long id,
        String serverUuid,
        String sourceHost,
        String destinationHost,
        Status status,
        Long memoryTotalBytes,
        Long memoryRemainingBytes) {

    public LiveMigration {
        Objects.requireNonNull(serverUuid, "serverUuid is required");
        Objects.requireNonNull(status, "status is required");
    }

    public LiveMigration withStatus(Status newStatus) {
        return new LiveMigration(id, serverUuid, sourceHost, destinationHost, newStatus, memoryTotalBytes,
                memoryRemainingBytes);
    }

    /** Nova's migration statuses for live migrations. */
    public enum Status {
        ACCEPTED, QUEUED, PREPARING, RUNNING, POST_MIGRATING, COMPLETED, CANCELLING, CANCELLED, ERROR, FAILED,
        /** A status this version of Molt does not know: treated as still in progress. */
        UNKNOWN;

        /** Whether the migration has ended (successfully or not). */
        public boolean isFinal() {
            return this == COMPLETED || this == CANCELLED || this == ERROR || this == FAILED;
        }

        /** Parses Nova's wire value, e.g. {@code post-migrating}. */
        public static Status fromNova(String value) {
            if (value == null) {
                return UNKNOWN;
            }
            try {
                return valueOf(value.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                return UNKNOWN;
            }
        }
    }
}
