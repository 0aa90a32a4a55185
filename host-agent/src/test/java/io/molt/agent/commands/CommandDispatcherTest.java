package io.molt.agent.commands;

import static org.assertj.core.api.Assertions.assertThat;

import io.molt.protocol.Commands;
import io.molt.protocol.Report;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandDispatcherTest {

    @TempDir
    Path stateDir;

    @Test
    void aRepeatedCommandIdIsAnsweredFromTheLedgerWithoutRunningAgain() {
        AtomicInteger runs = new AtomicInteger();
        CommandDispatcher dispatcher = new CommandDispatcher(new CommandLedger(stateDir), List.of(countingPing(runs)));

        Report.CommandResult first = dispatcher.dispatch("cmd-1", new Commands.Ping("x"), ProgressSink.NONE);
        Report.CommandResult second = dispatcher.dispatch("cmd-1", new Commands.Ping("x"), ProgressSink.NONE);

        assertThat(runs).hasValue(1);
        assertThat(first.duplicate()).isFalse();
        assertThat(second.duplicate()).isTrue();
        assertThat(second.message()).isEqualTo(first.message());
        assertThat(second.details()).isEqualTo(first.details());
    }

    @Test
    void theLedgerSurvivesARestartOfTheAgent() {
        AtomicInteger runs = new AtomicInteger();
        new CommandDispatcher(new CommandLedger(stateDir), List.of(countingPing(runs)))
                .dispatch("cmd-2", new Commands.Ping(null), ProgressSink.NONE);

        Report.CommandResult afterRestart = new CommandDispatcher(new CommandLedger(stateDir),
                List.of(countingPing(runs))).dispatch("cmd-2", new Commands.Ping(null), ProgressSink.NONE);

        assertThat(runs).hasValue(1);
        assertThat(afterRestart.outcome()).isEqualTo(Report.Outcome.SUCCEEDED);
        assertThat(afterRestart.duplicate()).isTrue();
    }

    @Test
    void aCommandWithoutHandlerIsRefusedAndAHandlerCrashIsAFailure() {
        CommandDispatcher none = new CommandDispatcher(new CommandLedger(stateDir), List.of());
        assertThat(none.dispatch("cmd-3", new Commands.Ping(null), ProgressSink.NONE).outcome())
                .isEqualTo(Report.Outcome.REFUSED);

        CommandHandler<Commands.Ping> crashing = new CommandHandler<>() {
            @Override
            public Class<Commands.Ping> commandType() {
                return Commands.Ping.class;
            }

            @Override
            public Report.CommandResult handle(String id, Commands.Ping c, ProgressSink p) {
                throw new IllegalStateException("boom");
            }
        };
        Report.CommandResult result = new CommandDispatcher(new CommandLedger(stateDir), List.of(crashing))
                .dispatch("cmd-4", new Commands.Ping(null), ProgressSink.NONE);
        assertThat(result.outcome()).isEqualTo(Report.Outcome.FAILED);
        assertThat(result.message()).contains("boom");
    }

    private static CommandHandler<Commands.Ping> countingPing(AtomicInteger runs) {
        PingHandler ping = new PingHandler("a");
        return new CommandHandler<>() {
            @Override
            public Class<Commands.Ping> commandType() {
                return Commands.Ping.class;
            }

            @Override
            public Report.CommandResult handle(String id, Commands.Ping c, ProgressSink p) {
                runs.incrementAndGet();
                Report.CommandResult r = ping.handle(id, c, p);
                return new Report.CommandResult(r.commandId(), r.outcome(), r.message() + " #" + runs.get(),
                        Map.of("host", "a", "run", String.valueOf(runs.get())), false);
            }
        };
    }
}
