package io.molt.agent.steps;

import io.molt.agent.commands.HostGoingDown;
import io.molt.agent.journal.DurableFiles;
import io.molt.protocol.UpgradeTarget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 */
final class HostBoot {

    /** In the details when the host came back on the kernel it ran before the boot. */
    static final String KERNEL_UNCHANGED = "kernel_unchanged";
    /** Boot commands asked for in one boot (the agent killed before the host went down asks again). */
    static final int MAX_BOOT_TRIES = 3;

    private final HostReboot settings;
    private final Path marker;

    HostBoot(HostReboot settings, Path stateDir) {
        this.settings = settings;
        this.marker = stateDir.resolve("boot-requested");
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
            if (kernel.equals(before.kernel())) {
                details.put(KERNEL_UNCHANGED, "the host booted again (boot " + before.bootId() + " -> " + now
                        + ") but came back on the kernel it ran before (" + kernel + "): the new kernel did not "
                        + "boot, or the boot fell back to the old one; see the host's console");
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
        write(new Marker(now, marked.map(Marker::kernel).orElseGet(settings::kernel), attempt));
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
     * The marker's lines: the boot id and the kernel before the boot, and the boot commands asked for in that
     * boot. A marker of an older agent holds the boot id alone (kernel null, one try).
     */
    private record Marker(String bootId, String kernel, int tries) {

        static Marker parse(String text) {
            String[] lines = text.trim().split("\n");
            return new Marker(lines[0], lines.length > 1 ? lines[1] : null,
                    lines.length > 2 ? Integer.parseInt(lines[2].trim()) : 1);
        }

        String text() {
            return bootId + "\n" + kernel + "\n" + tries + "\n";
        }
    }
}
