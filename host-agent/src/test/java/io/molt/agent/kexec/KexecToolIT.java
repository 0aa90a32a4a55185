package io.molt.agent.kexec;

import static org.assertj.core.api.Assertions.assertThat;

import io.molt.agent.journal.StepJournal;
import io.molt.agent.lab.Lab;
import io.molt.agent.steps.Progress;
import io.molt.agent.steps.StepResult;
import io.molt.protocol.Report;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * KEXEC_PREPARE with the real kexec and the lab's guest kernel: where the kernel lets the agent stage
 * an image, it is staged ({@code /sys/kernel/kexec_loaded} 1) and unloaded again (0); where it does
 * not, the step answers with the precise refusal. The preserved region is made of files (only the
 * load is real). Nothing is ever executed, and every test unloads what it may have staged.
 */
class KexecToolIT {

    private static final Path KEXEC_LOADED = Path.of("/sys/kernel/kexec_loaded");
    private static final int CAP_SYS_BOOT = 22;

    @TempDir
    Path dir;

    private final KexecPaths system = KexecPaths.system();
    private final CommandKexecTool tool = new CommandKexecTool(system.kexecBinary());

    @BeforeAll
    static void requireGuestKernel() {
        for (String file : new String[] {"vmlinuz", "initrd.cpio"}) {
            if (!Files.isRegularFile(Lab.guestDir().resolve(file))) {
                throw new AssertionError("the lab's guest kernel " + Lab.guestDir().resolve(file) + " is missing: run dev/virtlab/up");
            }
        }
        if (!Files.isExecutable(KexecPaths.system().kexecBinary())) {
            throw new AssertionError("no kexec at " + KexecPaths.system().kexecBinary() + ": run dev/virtlab/up (kexec-tools)");
        }
    }

    @AfterEach
    void neverLeaveAnImageStaged() {
        tool.unload();
    }

    @Test
    void stagesAndUnloadsTheGuestKernelOrReportsPreciselyWhyTheKernelRefuses() throws IOException {
        FakeHost host = new FakeHost(dir);
        KexecPaths paths = new KexecPaths(system.kexecBinary(), host.paths.cmdline(), host.paths.sysBlock(),
                host.paths.mountinfo(), KEXEC_LOADED);
        KexecPrepare step = new KexecPrepare(new StepJournal(dir.resolve("journal"), Clock.systemUTC()),
                new KexecPrechecks(new ListedDomains(), uuid -> Map.of(), host.device, paths), tool, KEXEC_LOADED, false);

        StepResult result = step.run("it-kexec-1", Lab.guestDir().resolve("vmlinuz"),
                Optional.of(Lab.guestDir().resolve("initrd.cpio")), Progress.NONE);

        switch (expected()) {
            case "STAGED" -> {
                assertThat(result.outcome()).as(result.message()).isEqualTo(Report.Outcome.SUCCEEDED);
                assertThat(Files.readString(KEXEC_LOADED).trim()).isEqualTo("1");
                assertThat(tool.unload().ok()).isTrue();
                assertThat(Files.readString(KEXEC_LOADED).trim()).isEqualTo("0");
            }
            case "KEXEC_UNSUPPORTED" -> {
                assertThat(result.outcome()).isEqualTo(Report.Outcome.REFUSED);
                assertThat(result.message()).isEqualTo("KEXEC_UNSUPPORTED: this kernel cannot stage a kexec"
                        + " (kexec_load failed: Function not implemented)");
                assertThat(result.details()).containsEntry("refusals", "KEXEC_UNSUPPORTED")
                        .containsEntry("cmdline", FakeHost.CMDLINE);
                assertThat(tool.unload().errno()).contains(KexecPrepare.ENOSYS);
            }
            default -> {
                assertThat(result.outcome()).isEqualTo(Report.Outcome.REFUSED);
                assertThat(result.details()).containsEntry("refusals", "KEXEC_NOT_PERMITTED");
                assertThat(result.message()).contains("kexec_load failed: Operation not permitted");
            }
        }
    }

    /** What this kernel will answer, judged from what it shows, not from kexec. */
    private static String expected() throws IOException {
        if (!Files.exists(KEXEC_LOADED)) {
            return "KEXEC_UNSUPPORTED"; // built without CONFIG_KEXEC: kexec_load is ENOSYS
        }
        Path disabled = Path.of("/proc/sys/kernel/kexec_load_disabled");
        Path lockdown = Path.of("/sys/kernel/security/lockdown");
        boolean permitted = hasCapability(CAP_SYS_BOOT)
                && !(Files.exists(disabled) && Files.readString(disabled).trim().equals("1"))
                && !(Files.exists(lockdown) && !Files.readString(lockdown).contains("[none]"));
        return permitted ? "STAGED" : "KEXEC_NOT_PERMITTED";
    }

    private static boolean hasCapability(int bit) throws IOException {
        return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("CapEff:"))
                .map(l -> new BigInteger(l.substring("CapEff:".length()).trim(), 16))
                .anyMatch(caps -> caps.testBit(bit));
    }
}
