package io.molt.service.cli.remote;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * {@code --wait}: polls the campaign until it is in the awaited state or settled in another one, or the
 * timeout passes. For a pause, PAUSED is not enough: the agent commands already sent finish after it, so the
 * wait also lasts until every host step's command has completed (as {@code /v1/agents/{host}/commands/{id}}
 * says; the host keeps its step, which resume carries on).
 */
final class CampaignWait {

    /** States a campaign may rest in: the wait for anything else ends there too. */
    private static final Set<String> SETTLED = Set.of("PAUSED", "DONE", "FAILED", "ABORTED");

    private final MoltApi api;
    private final Duration every;

    CampaignWait(MoltApi api, Duration every) {
        this.api = api;
        this.every = every;
    }

    /** The campaign once in {@code awaited}; a {@link CliFailure} when it settles elsewhere or time runs out. */
    JsonNode until(String id, String awaited, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            JsonNode campaign = api.get("/campaigns/" + id).path("campaign");
            String state = campaign.path("state").asText();
            if (state.equals(awaited) && (!awaited.equals("PAUSED") || nothingInFlight(id))) {
                return campaign;
            }
            if (SETTLED.contains(state) && !state.equals(awaited)) {
                throw new CliFailure(ExitCodes.NOT_AWAITED, "campaign " + id + " is " + state + ", not " + awaited
                        + reason(campaign));
            }
            if (Instant.now().isAfter(deadline)) {
                throw new CliFailure(ExitCodes.TIMEOUT, "campaign " + id + " is still " + state + " after "
                        + timeout.toSeconds() + " s (it goes on; waiting for " + awaited + ")" + reason(campaign));
            }
            sleep();
        }
    }

    private boolean nothingInFlight(String id) {
        for (JsonNode host : api.get("/campaigns/" + id + "/hosts").path("hosts")) {
            String command = host.path("command_id").asText("");
            if (!host.path("step").asText("").isEmpty() && !command.isEmpty() && api.get("/agents/"
                    + host.path("host").asText() + "/commands/" + command).path("command").path("completed_at")
                    .asText("").isEmpty()) {
                return false;
            }
        }
        return true;
    }

    private static String reason(JsonNode campaign) {
        String reason = campaign.path("state_reason").asText("");
        return reason.isEmpty() ? "" : ": " + reason;
    }

    private void sleep() {
        try {
            Thread.sleep(every.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CliFailure(ExitCodes.TIMEOUT, "interrupted while waiting");
        }
    }
}
