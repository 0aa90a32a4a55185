package io.molt.agent.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.molt.agent.config.HookCommands;
import io.molt.agent.journal.StepJournal;
import io.molt.protocol.Commands;
import io.molt.protocol.Report;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hook runner on real processes: /bin/sh scripts written to a temporary directory, as an operator's would be. */
class RunHookTest {

    private static final Commands.RunHook BEFORE_DOWN = new Commands.RunHook(Commands.RunHook.BEFORE_DOWN, "camp-9");
    private static final Commands.RunHook AFTER_UP = new Commands.RunHook(Commands.RunHook.AFTER_UP, "camp-9");

    @TempDir
    Path dir;

    private StepJournal journal() {
        return new StepJournal(dir.resolve("journal"), Clock.systemUTC());
    }

    /** An executable script {@code name} in the temporary directory. */
    private String script(String name, String body) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file.toString();
    }

    private RunHook hooks(String beforeDown, String afterUp, Duration timeout) {
        return new RunHook(journal(), new HookCommands(split(beforeDown), split(afterUp), timeout), "compute-7");
    }

    private static List<String> split(String command) {
        return command == null ? List.of() : List.of(command.split(" "));
    }

    @Test
    void runsThePhasesOwnHookWithItsArgumentsAndEnvironmentAndARepeatDoesNotRunItAgain() throws Exception {
        Path runs = dir.resolve("runs");
        String hook = script("maintenance.sh", "echo \"$1 $MOLT_HOST $MOLT_PHASE $MOLT_CAMPAIGN $MOLT_COMMAND_ID"
                + " $MOLT_ATTEMPT\" >> " + runs + "; echo maintenance $1");
        RunHook step = hooks(hook + " on", hook + " off", Duration.ofSeconds(30));

        StepResult before = step.run("hook-1", BEFORE_DOWN, Progress.NONE);
        StepResult repeated = step.run("hook-1", BEFORE_DOWN, Progress.NONE);
        StepResult after = step.run("hook-2", AFTER_UP, Progress.NONE);

        assertThat(before.outcome()).as(before.message()).isEqualTo(Report.Outcome.SUCCEEDED);
        assertThat(before.details()).containsEntry("phase", "before-down").containsEntry("hook", hook + " on")
                .containsEntry("exit_code", "0").containsEntry("timed_out", "false")
                .containsEntry("output_tail", "maintenance on\n");
        assertThat(repeated).isEqualTo(before);
        assertThat(after.details()).containsEntry("output_tail", "maintenance off\n");
        assertThat(Files.readAllLines(runs)).containsExactly("on compute-7 before-down camp-9 hook-1 1",
                "off compute-7 after-up camp-9 hook-2 1");
    }

    @Test
    void aHookThatFailsIsFailedWithItsExitCodeAndOutput() throws Exception {
        String hook = script("noout.sh", "echo 'Error EACCES: access denied' >&2; exit 13");

        StepResult result = hooks(hook, null, Duration.ofSeconds(30)).run("hook-3", BEFORE_DOWN, Progress.NONE);

        assertThat(result.outcome()).isEqualTo(Report.Outcome.FAILED);
        assertThat(result.details()).containsEntry("exit_code", "13").containsEntry("timed_out", "false")
                .containsEntry("output_tail", "Error EACCES: access denied\n");
        assertThat(result.message()).isEqualTo("before-down hook " + hook + " exited with code 13");
        assertThat(journal().last("hook-3").orElseThrow().phase()).isEqualTo("FAILED");
    }

    @Test
    void aHookThatOutlivesTheTimeoutIsKilledWithTheProcessesItStarted() throws Exception {
        Path pid = dir.resolve("child.pid");
        String hook = script("slow.sh", "sleep 300 & echo $! > " + pid + "; echo silencing; wait");

        long start = System.nanoTime();
        StepResult result = hooks(hook, null, Duration.ofSeconds(1)).run("hook-4", BEFORE_DOWN, Progress.NONE);

        assertThat(result.outcome()).isEqualTo(Report.Outcome.FAILED);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        assertThat(result.details()).containsEntry("timed_out", "true").containsEntry("exit_code", "-1")
                .containsEntry("output_tail", "silencing\n");
        assertThat(result.message()).contains("timed out after 1 s");
        long child = Long.parseLong(Files.readString(pid).trim());
        await("the hook's background child killed").atMost(Duration.ofSeconds(5))
                .until(() -> !LiveProcesses.running(child));
    }

    @Test
    void aPhaseWithoutAHookSucceedsAndRunsNothing() {
        StepResult result = hooks(null, null, Duration.ofSeconds(5)).run("hook-5", AFTER_UP, Progress.NONE);

        assertThat(result.outcome()).isEqualTo(Report.Outcome.SUCCEEDED);
        assertThat(result.details()).containsEntry("hook", "").doesNotContainKey("exit_code");
        assertThat(result.message()).contains("hooks.after-up is not set");
    }

    @Test
    void keepsOnlyTheLast4KiBOfALongOutput() throws Exception {
        String hook = script("chatty.sh", "i=0; while [ $i -lt 1000 ]; do echo line-$i-0123456789; i=$((i+1)); done");

        StepResult result = hooks(null, hook, Duration.ofSeconds(30)).run("hook-6", AFTER_UP, Progress.NONE);

        assertThat(result.details().get("output_tail")).hasSize(OperatorCommand.TAIL_BYTES)
                .endsWith("line-999-0123456789\n").doesNotContain("line-1-0");
    }

    @Test
    void aRunCutShortByACrashRunsAgainAsTheNextAttempt() throws Exception {
        StepJournal journal = journal();
        journal.record("hook-7", RunHook.STEP, "RUNNING", Map.of("attempt", "1"));
        String hook = script("attempt.sh", "echo attempt $MOLT_ATTEMPT");

        StepResult result = new RunHook(journal, new HookCommands(List.of(hook), List.of(), Duration.ofSeconds(5)),
                "compute-7").run("hook-7", BEFORE_DOWN, Progress.NONE);

        assertThat(result.succeeded()).isTrue();
        assertThat(result.details()).containsEntry("attempt", "2").containsEntry("output_tail", "attempt 2\n");
        assertThat(journal.open()).isEmpty();
    }
}
