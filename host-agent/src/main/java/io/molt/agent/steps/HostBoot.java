package io.molt.agent.steps;

import io.molt.agent.commands.HostGoingDown;
import io.molt.agent.journal.DurableFiles;
import io.molt.protocol.KernelBoot;
import io.molt.protocol.ResultDetails;
import io.molt.protocol.UpgradeTarget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Takes the host into its new kernel between PreserveGuests and the restore of its guests (RestoreGuests
 * with {@code bootInto} KERNEL or FULL_REBOOT), once, whatever the command ids. Before it runs the kexec or
 * reboot command it writes the current boot id to a marker in the state dir; the agent that runs after the
 * boot (the command came again, unacknowledged) finds the marker and a new boot id: the host has booted,
 * and the restore goes on. The marker goes once the guests are back ({@link #done()}). The same boot id
 * means the host did not boot: the agent stopped between asking for the boot and the host going down, so
 * the command runs again, up to {@value #MAX_BOOT_TRIES} tries in one boot; then FAILED, and the marker goes,
 * so that a retry boots again. The marker also holds the kernel the host ran before the boot: a new boot id with the same kernel means the host came
 * back on its old kernel (the new one did not boot and the host was reset, or its boot fell back); the
 * guests are brought back all the same and the step then fails with that reason ({@link #KERNEL_UNCHANGED});
 * the marker goes with them, so that a retry (once the operator staged a kernel that boots) kexecs again.
 * <p>
 * The marker also holds when the boot command ran and when the agent on the new boot first took the command
 * up (right after its hello): after a kexec into a new kernel, their difference is the host's outage, put in
 * the details as a {@link KernelBoot} (the restore's time is added by {@link RestoreGuests}). Both are the host's
 * wall clock, which a new kernel sets from the hardware clock (1 s steps) until NTP corrects it.
 */
final class HostBoot {

    /** In the details when the host came back on the kernel it ran before the boot. */
    static final String KERNEL_UNCHANGED = "kernel_unchanged";
    /** Boot commands asked for in one boot (the agent killed before the host went down asks again). */
    static final int MAX_BOOT_TRIES = 3;

    private final HostReboot settings;
    private final Path marker;
    private final Clock clock;

    HostBoot(HostReboot settings, Path stateDir, Clock clock) {
        this.settings = settings;
        this.marker = stateDir.resolve("boot-requested");
        this.clock = clock;
    }

    HostBoot(HostReboot settings, Path stateDir) {
        this(settings, stateDir, Clock.systemUTC());
    }

    /**
     * Empty when the host runs the new kernel, or needs or may not boot (details say which); a FAILED result
     * when the boot did not happen; throws {@link HostGoingDown} once the kexec or reboot command ran.
     */
    Optional<StepResult> ensureBooted(UpgradeTarget bootInto, Map<String, String> details, Progress progress) {
        if (bootInto == null) {
            return Optional.empty();
        }
        List<String> command = settings.commandFor(bootInto);
        Optional<Marker> marked = readMarker();
        String now = settings.bootId();
        if (marked.isPresent() && !marked.get().bootId().equals(now)) {
            Marker before = marked.get();
            details.put("booted", "from boot " + before.bootId() + " into kernel " + System.getProperty("os.version")
                    + " (boot " + now + ")");
            String kernel = settings.kernel();
            if (before.upAtMs() == 0) { // the first agent of the new boot to take the command up
                before = new Marker(before.bootId(), before.kernel(), before.tries(), before.askedAtMs(), clock.millis());
                write(before);
            }
            if (kernel.equals(before.kernel())) {
                details.put(KERNEL_UNCHANGED, "the host booted again (boot " + before.bootId() + " -> " + now
                        + ") but came back on the kernel it ran before (" + kernel + "): the new kernel did not "
                        + "boot, or the boot fell back to the old one; see the host's console");
            } else if (bootInto == UpgradeTarget.KERNEL && before.askedAtMs() > 0) {
                ResultDetails.put(details, new KernelBoot(kernel, Math.max(0, before.upAtMs() - before.askedAtMs()), null));
            }
            return Optional.empty();
        }
        int attempt = 1;
        if (marked.isPresent()) {
            int tries = marked.get().tries();
            if (command == null || tries >= MAX_BOOT_TRIES) {
                delete();
                return Optional.of(StepResult.failed("the host did not boot into its new kernel (boot id unchanged "
                        + now + " after " + tries + " tries of " + String.join(" ", command == null
                        ? List.of("the boot command") : command) + "); a retry runs it again", details));
            }
            // the agent stopped after it asked for the boot and before the host went down (killed, or its
            // restart was quicker than the shutdown): the guests are held, so the boot is asked for again
            attempt = tries + 1;
            details.put("boot_retried", "boot id unchanged " + now + " since the boot was asked for: try " + attempt
                    + " of " + MAX_BOOT_TRIES);
        }
        if (command == null) {
            String notRun = settings.notRun(bootInto);
            details.put("booted", notRun != null ? notRun : "target " + bootInto + " needs no boot");
            return Optional.empty();
        }
        write(new Marker(now, marked.map(Marker::kernel).orElseGet(settings::kernel), attempt, clock.millis(), 0));
        progress.report("BOOTING", 10, "guests held; running " + String.join(" ", command));
        OperatorCommand.Outcome outcome = OperatorCommand.run(command, Duration.ofMinutes(2));
        if (!outcome.succeeded()) {
            delete();
            details.put("boot_output_tail", outcome.outputTail());
            return Optional.of(StepResult.failed(String.join(" ", command) + " " + outcome.summary(Duration.ofMinutes(2))
                    + ": the host did not go down", details));
        }
        try {
            Thread.sleep(settings.goDownWait().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HostGoingDown(String.join(" ", command) + " is taking the host down; the agent after the "
                    + "boot restores the guests");
        }
        delete();
        return Optional.of(StepResult.failed(String.join(" ", command) + " returned but the host was still up "
                + settings.goDownWait().toSeconds() + " s later", details));
    }

    /** The guests are back: a later restore needs no boot of its own. */
    void done() {
        delete();
    }

    private Optional<Marker> readMarker() {
        try {
            return Files.exists(marker) ? Optional.of(Marker.parse(Files.readString(marker, StandardCharsets.US_ASCII)))
                    : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void write(Marker content) {
        try {
            Files.createDirectories(marker.getParent());
            DurableFiles.write(marker, content.text().getBytes(StandardCharsets.US_ASCII));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void delete() {
        try {
            Files.deleteIfExists(marker);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The marker's lines: the boot id and the kernel before the boot, the boot commands asked for in that
     * boot, when the last one ran and when the agent of the new boot took the command up (epoch ms, 0 until
     * then). A marker of an older agent holds the boot id alone (kernel null, one try, no times).
     */
    private record Marker(String bootId, String kernel, int tries, long askedAtMs, long upAtMs) {

        static Marker parse(String text) {
            String[] lines = text.trim().split("\n");
            return new Marker(lines[0], lines.length > 1 ? lines[1] : null, (int) number(lines, 2, 1),
                    number(lines, 3, 0), number(lines, 4, 0));
        }

        private static long number(String[] lines, int index, long absent) {
            return lines.length > index ? Long.parseLong(lines[index].trim()) : absent;
        }

        String text() {
            return bootId + "\n" + kernel + "\n" + tries + "\n" + askedAtMs + "\n" + upAtMs + "\n";
        }
    }
}
