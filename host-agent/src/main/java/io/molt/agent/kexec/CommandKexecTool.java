package io.molt.agent.kexec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** {@link KexecTool} that runs kexec-tools' {@code kexec} binary (no shell: the command line is one argument). */
public final class CommandKexecTool implements KexecTool {

    private static final long TIMEOUT_SECONDS = 60;

    private final Path binary;

    public CommandKexecTool(Path binary) {
        this.binary = binary;
    }

    @Override
    public KexecRun load(Path kernel, Optional<Path> initrd, String commandLine) {
        List<String> command = new ArrayList<>(List.of(binary.toString(), "-l", kernel.toString()));
        initrd.ifPresent(i -> command.add("--initrd=" + i));
        command.add("--append=" + commandLine);
        return run(command);
    }

    @Override
    public KexecRun unload() {
        return run(List.of(binary.toString(), "-u"));
    }

    private static KexecRun run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new KexecRun(command, -1, output + "\n(timed out after " + TIMEOUT_SECONDS + " s)");
            }
            return new KexecRun(command, p.exitValue(), output);
        } catch (IOException e) {
            return new KexecRun(command, -1, "cannot run " + command.get(0) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new KexecRun(command, -1, "interrupted");
        }
    }
}
