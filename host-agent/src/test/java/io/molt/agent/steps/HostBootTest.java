package io.molt.agent.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.molt.agent.commands.HostGoingDown;
import io.molt.protocol.KernelBoot;
import io.molt.protocol.Report;
import io.molt.protocol.ResultDetails;
import io.molt.protocol.UpgradeTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Taking the host into its new kernel once, with a stand-in boot command and boot-id file. */
class HostBootTest {

    @TempDir
    Path dir;

    private HostBoot boot(List<String> rebootCommand, Duration goDownWait) throws Exception {
        return boot(rebootCommand, goDownWait, Clock.systemUTC());
    }

    private HostBoot boot(List<String> rebootCommand, Duration goDownWait, Clock clock) throws Exception {
        Path bootId = dir.resolve("boot_id");
        if (!Files.exists(bootId)) {
            Files.writeString(bootId, "boot-1\n");
        }
        Path kernel = dir.resolve("version");
        if (!Files.exists(kernel)) {
            Files.writeString(kernel, "Linux version 6.1.0-50-cloud-amd64 #1 SMP Debian 6.1.176-1\n");
        }
        return new HostBoot(new HostReboot(false, List.of("/bin/false"), true, rebootCommand, bootId, goDownWait,
                kernel), dir.resolve("state"), clock);
    }

    /** A boot was asked for while the boot id was "boot-1" (and still is, until a test changes it). */
    private HostBoot requestedFromBoot1() throws Exception {
        HostBoot boot = boot(List.of("/bin/false"), Duration.ofSeconds(30));
        Files.createDirectories(dir.resolve("state"));
        Files.writeString(dir.resolve("state/boot-requested"), "boot-1\n");
        return boot;
    }

    @Test
    void theFirstRestoreMarksTheBootIdRunsTheRebootAndSendsNoResultWhileTheHostGoesDown() throws Exception {
        Path rebooted = dir.resolve("rebooted");
        HostBoot boot = boot(List.of("/bin/sh", "-c", "touch " + rebooted), Duration.ofSeconds(30));
        AtomicReference<Throwable> ended = new AtomicReference<>();
        Thread agent = new Thread(() -> {
            try {
                boot.ensureBooted(UpgradeTarget.FULL_REBOOT, new HashMap<>(), Progress.NONE);
            } catch (RuntimeException e) {
                ended.set(e);
            }
        });
        agent.start();

        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(rebooted));
        assertThat(Files.readString(dir.resolve("state/boot-requested"))).startsWith("boot-1\n"
                + "Linux version 6.1.0-50-cloud-amd64 #1 SMP Debian 6.1.176-1\n1\n");
        agent.interrupt(); // the shutdown stops the agent
        agent.join(5_000);
        assertThat(ended.get()).isInstanceOf(HostGoingDown.class); // neither recorded nor acknowledged
        assertThat(dir.resolve("state/boot-requested")).exists();
    }

    @Test
    void afterTheBootTheRestoreGoesOnOnceWhateverTheCommandId() throws Exception {
        HostBoot boot = requestedFromBoot1();
        Files.writeString(dir.resolve("boot_id"), "boot-2\n");
        Map<String, String> details = new HashMap<>();

        assertThat(boot.ensureBooted(UpgradeTarget.FULL_REBOOT, details, Progress.NONE)).isEmpty();
        assertThat(details.get("booted")).contains("from boot boot-1", "kernel " + System.getProperty("os.version"));
        assertThat(boot.ensureBooted(UpgradeTarget.FULL_REBOOT, new HashMap<>(), Progress.NONE)).isEmpty(); // a retry
        boot.done();
        assertThat(dir.resolve("state/boot-requested")).doesNotExist();
    }

    @Test
    void aHostThatCameBackOnTheKernelItRanBeforeIsSaidSo() throws Exception {
        HostBoot boot = boot(List.of("/bin/false"), Duration.ofSeconds(30));
        Files.createDirectories(dir.resolve("state"));
        Files.writeString(dir.resolve("state/boot-requested"), "boot-1\n"
                + "Linux version 6.1.0-50-cloud-amd64 #1 SMP Debian 6.1.176-1\n");
        Files.writeString(dir.resolve("boot_id"), "boot-2\n");
        Map<String, String> details = new HashMap<>();

        assertThat(boot.ensureBooted(UpgradeTarget.KERNEL, details, Progress.NONE)).as("the guests are brought back").isEmpty();

        assertThat(details.get(HostBoot.KERNEL_UNCHANGED)).contains("boot boot-1 -> boot-2",
                "came back on the kernel it ran before (Linux version 6.1.0-50-cloud-amd64");
        Map<String, String> retry = new HashMap<>();
        assertThat(boot.ensureBooted(UpgradeTarget.KERNEL, retry, Progress.NONE)).as("a retry before the guests are back").isEmpty();
        assertThat(retry).containsKey(HostBoot.KERNEL_UNCHANGED);
    }

    @Test
    void aHostOnANewKernelAfterTheBootIsNotFlagged() throws Exception {
        HostBoot boot = requestedFromBoot1();
        Files.writeString(dir.resolve("state/boot-requested"), "boot-1\nLinux version 6.1.0-50-cloud-amd64 #1\n");
        Files.writeString(dir.resolve("boot_id"), "boot-2\n");
        Map<String, String> details = new HashMap<>();

        assertThat(boot.ensureBooted(UpgradeTarget.KERNEL, details, Progress.NONE)).isEmpty();

        assertThat(details).containsKey("booted").doesNotContainKey(HostBoot.KERNEL_UNCHANGED);
    }

    @Test
    void aKexecIntoANewKernelIsTimedFromTheBootCommandToTheFirstAgentOfTheNewBootWhateverTheRetries() throws Exception {
        Instant asked = Instant.parse("2026-12-04T19:00:00Z");
        Files.createDirectories(dir.resolve("state"));
        Files.writeString(dir.resolve("state/boot-requested"), "boot-1\nLinux version 6.1.0-50-cloud-amd64 #1\n1\n"
                + asked.toEpochMilli() + "\n0\n");
        Files.writeString(dir.resolve("boot_id"), "boot-2\n");
        Files.writeString(dir.resolve("version"), "Linux version 6.12.57+deb12-cloud-amd64 #1\n");
        Map<String, String> details = new HashMap<>();
        Map<String, String> retry = new HashMap<>();
        Map<String, String> reboot = new HashMap<>();

        boot(List.of("/bin/false"), Duration.ofSeconds(30), Clock.fixed(asked.plusMillis(8400), ZoneOffset.UTC))
                .ensureBooted(UpgradeTarget.KERNEL, details, Progress.NONE);
        // the agent restarted a minute later, or a retry under another command id: the same figure
        boot(List.of("/bin/false"), Duration.ofSeconds(30), Clock.fixed(asked.plusSeconds(70), ZoneOffset.UTC))
                .ensureBooted(UpgradeTarget.KERNEL, retry, Progress.NONE);
        boot(List.of("/bin/false"), Duration.ofSeconds(30), Clock.fixed(asked.plusSeconds(70), ZoneOffset.UTC))
                .ensureBooted(UpgradeTarget.FULL_REBOOT, reboot, Progress.NONE);

        KernelBoot measured = new KernelBoot("Linux version 6.12.57+deb12-cloud-amd64 #1", 8400, null);
        assertThat(ResultDetails.boot(details)).contains(measured);
        assertThat(ResultDetails.boot(retry)).contains(measured);
        assertThat(ResultDetails.boot(reboot)).as("a firmware reboot is not a kexec's figure").isEmpty();
    }

    @Test
    void aMarkerOfAnOlderAgentHasNoTimesAndGivesNoFigure() throws Exception {
        HostBoot boot = requestedFromBoot1();
        Files.writeString(dir.resolve("boot_id"), "boot-2\n");
        Files.writeString(dir.resolve("version"), "Linux version 6.12.57+deb12-cloud-amd64 #1\n");
        Map<String, String> details = new HashMap<>();

        assertThat(boot.ensureBooted(UpgradeTarget.KERNEL, details, Progress.NONE)).isEmpty();

        assertThat(ResultDetails.boot(details)).isEmpty();
        assertThat(details).containsKey("booted");
    }

    @Test
    void anAgentKilledBeforeTheHostWentDownAsksForTheBootAgain() throws Exception {
        Path rebooted = dir.resolve("rebooted");
        HostBoot boot = boot(List.of("/bin/sh", "-c", "touch " + rebooted), Duration.ofMillis(200));
        Files.createDirectories(dir.resolve("state"));
        Files.writeString(dir.resolve("state/boot-requested"), "boot-1\nLinux version 6.1.0-50-cloud-amd64 #1\n");
        Map<String, String> details = new HashMap<>();

        Optional<StepResult> result = boot.ensureBooted(UpgradeTarget.FULL_REBOOT, details, Progress.NONE);

        assertThat(rebooted).as("the reboot command ran again").exists();
        assertThat(details.get("boot_retried")).contains("boot id unchanged boot-1", "try 2 of 3");
        assertThat(result).get().extracting(StepResult::message).asString().contains("the host was still up");
    }

    @Test
    void anAgentThatRestartsWithoutABootAfterThreeTriesFailsAndARetryBootsAgain() throws Exception {
        HostBoot boot = requestedFromBoot1();
        Files.writeString(dir.resolve("state/boot-requested"), "boot-1\nLinux version 6.1.0-50-cloud-amd64 #1\n3\n");

        Optional<StepResult> result = boot.ensureBooted(UpgradeTarget.FULL_REBOOT, new HashMap<>(), Progress.NONE);

        assertThat(result).get().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(Report.Outcome.FAILED);
            assertThat(r.message()).contains("did not boot into its new kernel (boot id unchanged boot-1 after 3 tries");
        });
        assertThat(dir.resolve("state/boot-requested")).doesNotExist();
    }

    @Test
    void aRebootCommandThatFailsFailsAtOnce() throws Exception {
        HostBoot boot = boot(List.of("/bin/sh", "-c", "echo Failed to reboot: Access denied; exit 1"),
                Duration.ofMinutes(10));
        Map<String, String> details = new HashMap<>();

        Optional<StepResult> result = boot.ensureBooted(UpgradeTarget.FULL_REBOOT, details, Progress.NONE);

        assertThat(result).get().extracting(StepResult::message).asString()
                .contains("exited with code 1: the host did not go down");
        assertThat(details).containsEntry("boot_output_tail", "Failed to reboot: Access denied\n");
        assertThat(dir.resolve("state/boot-requested")).doesNotExist();
    }

    @Test
    void aKexecTheConfigDoesNotAllowAndAUserspaceTargetBootNothing() throws Exception {
        HostBoot boot = boot(List.of("/bin/false"), Duration.ofSeconds(30));
        Map<String, String> details = new HashMap<>();

        assertThat(boot.ensureBooted(UpgradeTarget.KERNEL, details, Progress.NONE)).isEmpty();
        assertThat(details.get("booted")).contains("does not kexec", "kexec.execute.allowed=false");
        assertThat(boot.ensureBooted(null, new HashMap<>(), Progress.NONE)).isEmpty();
        assertThat(dir.resolve("state/boot-requested")).doesNotExist();
    }

    @Test
    void aTargetThatNeedsNoBootIsAnsweredWithDetailsAResultCanCarry() throws Exception {
        HostBoot boot = boot(List.of("/bin/false"), Duration.ofSeconds(30));
        Map<String, String> details = new HashMap<>();

        assertThat(boot.ensureBooted(UpgradeTarget.USERSPACE, details, Progress.NONE)).isEmpty();

        assertThat(details).containsEntry("booted", "target USERSPACE needs no boot");
        assertThat(new Report.CommandResult("c-1", Report.Outcome.SUCCEEDED, "restored", details, false).details())
                .isEqualTo(details);
        assertThat(dir.resolve("state/boot-requested")).doesNotExist();
    }
}
