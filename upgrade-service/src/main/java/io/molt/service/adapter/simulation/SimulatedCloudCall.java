package io.molt.service.adapter.simulation;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * One call of {@link RemoteSimulatedCloud} to a {@link SimulatedCloudServer}: {@code POST /<operation>} with
 * this as its JSON body (the fields the operation needs, the others null). The answer is the operation's
 * result as JSON ({@code null} for none) with status 200, or a {@link Failure} with the status the cloud
 * would have answered with (500 when it was not a cloud error).
 *
 * @param host        the compute host (disable-host, enable-host)
 * @param reason      the disabled reason (disable-host)
 * @param server      the server's uuid (live-migrate, migration, await-migration, abort-migration, stop-server,
 *                    start-server, delete-server)
 * @param destination the live migration's destination, null for the scheduler's choice (live-migrate)
 * @param migrationId the cloud's migration id (migration, await-migration, abort-migration)
 * @param waitMs      how long the server follows the migration before it answers (await-migration)
 */
record SimulatedCloudCall(String host, String reason, String server, String destination, Long migrationId,
        Long waitMs) {

    /** A refused call: the {@link io.molt.service.domain.cloud.CloudException}'s kind, message and status. */
    record Failure(String kind, String message, int httpStatus) {
    }

    /** The JSON of both sides: the domain records as they are (camelCase), times as ISO-8601. */
    static ObjectMapper json() {
        return JsonMapper.builder().addModule(new JavaTimeModule())
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();
    }
}
