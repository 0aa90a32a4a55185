package io.molt.agent.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.molt.agent.commands.CommandDispatcher;
import io.molt.agent.commands.CommandLedger;
import io.molt.agent.journal.StepJournal;
import io.molt.protocol.Commands;
import io.molt.protocol.ProtocolCodec;
import io.molt.protocol.ProtocolViolation;
import io.molt.protocol.Report;
import io.molt.protocol.UpgradeTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunUpgradeTest {

    @TempDir
    Path dir;

    private StepJournal journal() {
        return new StepJournal(dir.resolve("journal"), Clock.systemUTC());
    }

    private static Commands.RunUpgrade sh(String script, UpgradeTarget target, long timeout) {
        return new Commands.RunUpgrade(List.of("/bin/sh", "-c", script), target, timeout);
    }

    @Test
    void aCommandThatSucceedsReportsExitCodeAndOutputAndARepeatDoesNotRunItAgain() throws Exception {
        Path runs = dir.resolve("runs");
        RunUpgrade step = new RunUpgrade(journal(), HostReboot.NONE, "compute-7");
        Commands.RunUpgrade command = sh("echo run >> " + runs + "; echo Setting up qemu-system-x86", UpgradeTarget.USERSPACE, 30);

        StepResult result = step.run("up-1", command, Progress.NONE);

        assertThat(result.outcome()).as(result.message()).isEqualTo(Report.Outcome.SUCCEEDED);
        assertThat(result.details()).containsEntry("exit_code", "0").containsEntry("output_tail", "Setting up qemu-system-x86\n")
                .doesNotContainKey("next_step");
        assertThat(step.run("up-1", command, Progress.NONE)).isEqualTo(result);
        assertThat(Files.readAllLines(runs)).hasSize(1);
    }

    @Test
    void theCommandIsToldItsHostTargetCommandIdAndAttempt() {
        StepResult result = new RunUpgrade(journal(), HostReboot.NONE, "compute-7").run("up-env",
                sh("echo $MOLT_HOST $MOLT_TARGET $MOLT_COMMAND_ID $MOLT_ATTEMPT", UpgradeTarget.KERNEL, 30), Progress.NONE);

        assertThat(result.details()).containsEntry("output_tail", "compute-7 KERNEL up-env 1\n");
    }

    @Test
    void aNonZeroExitIsFailedWithItsCodeAndOutput() {
        StepResult result = new RunUpgrade(journal(), HostReboot.NONE, "compute-7").run("up-2", sh("echo E: Unable to fetch >&2; exit 3", UpgradeTarget.USERSPACE, 30),
                Progress.NONE);

        assertThat(result.outcome()).isEqualTo(Report.Outcome.FAILED);
        assertThat(result.details()).containsEntry("exit_code", "3").containsEntry("timed_out", "false")
                .containsEntry("output_tail", "E: Unable to fetch\n");
        assertThat(result.message()).isEqualTo("/bin/sh -c echo E: Unable to fetch >&2; exit 3 exited with code 3");
    }

    @Test
    void aCommandThatOutlivesItsTimeoutIsKilledWithTheProcessesItStarted() throws Exception {
        Path pid = dir.resolve("child.pid");
        StepResult result = new RunUpgrade(journal(), HostReboot.NONE, "compute-7").run("up-3",
                sh("sleep 300 & echo $! > " + pid + "; echo started; wait", UpgradeTarget.USERSPACE, 1), Progress.NONE);

        assertThat(result.outcome()).isEqualTo(Report.Outcome.FAILED);
        assertThat(result.details()).containsEntry("timed_out", "true").containsEntry("exit_code", "-1")
                .containsEntry("output_tail", "started\n");
        assertThat(result.message()).contains("timed out after 1 s");
        long child = Long.parseLong(Files.readString(pid).trim());
        // killed, its shell gone, the child is reparented to PID 1, which may reap it only a second or two later:
        // until then it is a zombie, which has stopped running
        await("background child killed").atMost(Duration.ofSeconds(5)).until(() -> !LiveProcesses.running(child));
    }

    @Test
    void keepsOnlyTheLast4KiBOfOutput() {
        StepResult result = new RunUpgrade(journal(), HostReboot.NONE, "compute-7").run("up-4",
                sh("i=0; while [ $i -lt 1000 ]; do echo line-$i-0123456789; i=$((i+1)); done", UpgradeTarget.USERSPACE, 30), Progress.NONE);

        String tail = result.details().get("output_tail");
        assertThat(tail).hasSize(OperatorCommand.TAIL_BYTES).endsWith("line-999-0123456789\n").doesNotContain("line-1-0");
    }

    @Test
    void aProgramThatDoesNotExistFails() {
        StepResult result = new RunUpgrade(journal(), HostReboot.NONE, "compute-7").run("up-5",
                new Commands.RunUpgrade(List.of(dir.resolve("no-such-program").toString()), UpgradeTarget.USERSPACE, 5), Progress.NONE);

        assertThat(result.outcome()).isEqualTo(Report.Outcome.FAILED);
        assertThat(result.details()).containsEntry("exit_code", "-1");
        assertThat(result.message()).contains("did not start");
    }

    @Test
    void aKernelTargetRunsTheCommandAndSaysTheKexecIsNotExecuted() {
        StepResult result = new RunUpgrade(journal(), HostReboot.NONE, "compute-7").run("up-6",
                new Commands.RunUpgrade(List.of("/bin/true"), UpgradeTarget.KERNEL, 5), Progress.NONE);

        assertThat(result.outcome()).isEqualTo(Report.Outcome.SUCCEEDED);
        assertThat(result.details().get("next_step")).contains("does not kexec", "kexec.execute.allowed=false");
        assertThat(result.message()).contains("the new kernel is not running");
    }

    @Test
    void aRunCutShortByACrashRunsAgain() throws Exception {
        StepJournal journal = journal();
        journal.record("up-7", RunUpgrade.STEP, "RUNNING", Map.of("attempt", "1"));

        StepResult result = new RunUpgrade(journal, HostReboot.NONE, "compute-7").run("up-7", new Commands.RunUpgrade(List.of("/bin/true"), UpgradeTarget.USERSPACE, 5),
                Progress.NONE);

        assertThat(result.succeeded()).isTrue();
        assertThat(result.details()).containsEntry("attempt", "2");
        assertThat(journal.open()).isEmpty();
    }

    @Test
    void theAnswerCarriesTheRunTyped() {
        RunUpgrade step = new RunUpgrade(journal(), HostReboot.NONE, "compute-7");

        Report.CommandResult result = new StepCommandHandler<>(Commands.RunUpgrade.class, step::run).handle("up-9",
                sh("echo E: Unable to fetch; exit 3", UpgradeTarget.USERSPACE, 30), io.molt.agent.commands.ProgressSink.NONE);

        assertThat(result.outcome()).isEqualTo(Report.Outcome.FAILED);
        assertThat(result.run().exitCode()).isEqualTo(3);
        assertThat(result.run().timedOut()).isFalse();
        assertThat(result.run().outputTail()).isEqualTo("E: Unable to fetch\n");
        assertThat(result.details()).containsEntry("exit_code", "3"); // and the v1 keys, for a v1 service
    }

    @Test
    void anUnknownTargetIsRefused() throws Exception {
        // a target this build does not know is refused as the command is read, before any step runs
        ProtocolViolation unreadable = org.assertj.core.api.Assertions.catchThrowableOfType(
                () -> new ProtocolCodec().decode(("{\"id\":\"up-8\",\"type\":\"command.run-upgrade\","
                        + "\"protocolVersion\":2,\"host\":\"compute-7\",\"issuedAt\":\"2026-12-04T02:00:00Z\","
                        + "\"payload\":{\"command\":[\"/bin/true\"],\"target\":\"FIRMWARE\",\"timeoutSeconds\":5}}")
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8)), ProtocolViolation.class);
        Report.CommandResult result = new CommandDispatcher(new CommandLedger(dir.resolve("ledger")), List.of())
                .refuse(unreadable.messageId(), unreadable);

        assertThat(result.outcome()).isEqualTo(Report.Outcome.REFUSED);
        assertThat(result.message()).startsWith("UNKNOWN_TARGET");
    }
}
