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
 * means the host did not boot: FAILED, and the marker goes, so that a retry boots again.
 */
final class HostBoot {

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
        Optional<String> requested = requestedFrom();
        String now = settings.bootId();
        if (requested.isPresent() && !requested.get().equals(now)) {
            details.put("booted", "from boot " + requested.get() + " into kernel " + System.getProperty("os.version")
                    + " (boot " + now + ")");
            return Optional.empty();
        }
        if (requested.isPresent()) {
            delete();
            return Optional.of(StepResult.failed("the host did not boot into its new kernel (boot id unchanged "
                    + now + " since " + String.join(" ", command == null ? List.of("the boot command") : command)
                    + " ran); a retry runs it again", details));
        }
        if (command == null) {
            String notRun = settings.notRun(bootInto);
            details.put("booted", notRun != null ? notRun : "target " + bootInto + " needs no boot");
            return Optional.empty();
        }
        write(now);
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

    private Optional<String> requestedFrom() {
        try {
            return Files.exists(marker) ? Optional.of(Files.readString(marker, StandardCharsets.US_ASCII).trim())
                    : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void write(String bootId) {
        try {
            Files.createDirectories(marker.getParent());
            DurableFiles.write(marker, (bootId + "\n").getBytes(StandardCharsets.US_ASCII));
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
}
