package io.molt.service.domain.port;

import static org.assertj.core.api.Assertions.assertThat;

import io.molt.protocol.GuestOutcome;
import io.molt.protocol.GuestResult;
import io.molt.protocol.ProgramRun;
import io.molt.service.domain.agent.AgentCommandRecord;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What every {@link AgentCommands} keeps, run against the in-memory fake ({@code InMemoryAgentCommandsTest}) and
 * PostgreSQL ({@code JdbcAgentCommandsIT}): a command saved is found as saved, and its answer (outcome, message,
 * details, typed guest results, program run) replaces the unanswered record. A change's commands are recorded
 * through {@link Campaigns#apply} ({@link CampaignsContract}).
 */
public abstract class AgentCommandsContract {

    private final Instant t0 = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    protected abstract AgentCommands commands();

    @Test
    void anUnknownOrMalformedIdFindsNothing() {
        assertThat(commands().find(UUID.randomUUID().toString())).isEmpty();
        assertThat(commands().find("not-a-uuid")).isEmpty();
    }

    @Test
    void aSavedCommandIsFoundAsSaved() {
        AgentCommandRecord sent = sent();
        commands().save(sent);
        assertThat(commands().find(sent.id())).contains(sent);
        assertThat(commands().find(sent.id()).orElseThrow().isCompleted()).isFalse();
    }

    @Test
    void theAnswerReplacesTheUnansweredRecordWithItsTypedResults() {
        AgentCommandRecord sent = sent();
        commands().save(sent);
        String vm = UUID.randomUUID().toString();
        AgentCommandRecord answered = sent.completed("FAILED", "one guest was not held", Map.of("note", "x"),
                List.of(new GuestResult(vm, GuestOutcome.PRESERVED, "held", 850L, true)),
                new ProgramRun(3, false, "tail of the output", 1200), t0.plusSeconds(2));
        commands().save(answered);

        AgentCommandRecord found = commands().find(sent.id()).orElseThrow();
        assertThat(found).isEqualTo(answered);
        assertThat(found.isCompleted()).isTrue();
    }

    @Test
    void anAnswerWithoutTypedResultsIsReadBackWithout() {
        AgentCommandRecord answered = sent().completed("SUCCEEDED", "pong", Map.of(), t0.plusSeconds(1));
        commands().save(answered);
        assertThat(commands().find(answered.id())).contains(answered);
    }

    private AgentCommandRecord sent() {
        return new AgentCommandRecord(UUID.randomUUID().toString(), "contract-host", null, "ping", t0, null, null,
                Map.of(), null);
    }
}
