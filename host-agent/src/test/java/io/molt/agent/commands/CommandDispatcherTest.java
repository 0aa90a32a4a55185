package io.molt.agent.commands;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

        CommandHandler<Commands.Ping> crashing = ping(id -> {
            throw new IllegalStateException("boom");
        });
        Report.CommandResult result = new CommandDispatcher(new CommandLedger(stateDir), List.of(crashing))
                .dispatch("cmd-4", new Commands.Ping(null), ProgressSink.NONE);
        assertThat(result.outcome()).isEqualTo(Report.Outcome.FAILED);
        assertThat(result.message()).contains("boom");
    }

    @Test
    void aCommandWhoseHostGoesDownIsNotRecordedSoTheNextDeliveryRunsItAgain() {
        AtomicInteger runs = new AtomicInteger();
        CommandHandler<Commands.Ping> goingDown = ping(id -> {
            if (runs.incrementAndGet() == 1) {
                throw new HostGoingDown("rebooting");
            }
            return new Report.CommandResult(id, Report.Outcome.SUCCEEDED, "after the boot", Map.of(), false);
        });
        CommandDispatcher dispatcher = new CommandDispatcher(new CommandLedger(stateDir), List.of(goingDown));

        assertThatThrownBy(() -> dispatcher.dispatch("cmd-5", new Commands.Ping(null), ProgressSink.NONE))
                .isInstanceOf(HostGoingDown.class);
        Report.CommandResult again = new CommandDispatcher(new CommandLedger(stateDir), List.of(goingDown))
                .dispatch("cmd-5", new Commands.Ping(null), ProgressSink.NONE);

        assertThat(again.message()).isEqualTo("after the boot");
        assertThat(again.duplicate()).isFalse();
    }

    private static CommandHandler<Commands.Ping> ping(java.util.function.Function<String, Report.CommandResult> run) {
        return new CommandHandler<>() {
            @Override
            public Class<Commands.Ping> commandType() {
                return Commands.Ping.class;
            }

            @Override
            public Report.CommandResult handle(String id, Commands.Ping c, ProgressSink p) {
                return run.apply(id);
            }
        };
    }

    private static CommandHandler<Commands.Ping> countingPing(AtomicInteger runs) {
        PingHandler real = new PingHandler("a");
        return ping(id -> {
            runs.incrementAndGet();
            Report.CommandResult r = real.handle(id, new Commands.Ping(null), ProgressSink.NONE);
            return new Report.CommandResult(r.commandId(), r.outcome(), r.message() + " #" + runs.get(),
                    Map.of("host", "a", "run", String.valueOf(runs.get())), false);
        });
    }
}
