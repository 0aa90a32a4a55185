package io.molt.service.support;

import io.molt.service.adapter.nova.DevCloud;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The emulated compute host of dev/emuhost (docs/emuhost.md) for a test: a TCG guest running Debian 12 with
 * libvirt, QEMU and the Molt agent, whose only links to this machine are QEMU's forwards (sshd, the broker,
 * the nested guest's console). Started fresh from its cached image; {@link #close()} stops it.
 */
public final class EmulatedHost implements AutoCloseable {

    public static final String HOST = "emuhost";
    private static final Path SCRIPTS = DevCloud.REPO_ROOT.resolve("dev/emuhost");
    public static final int CONSOLE_PORT = Integer.parseInt(System.getenv().getOrDefault("EMUHOST_CONSOLE_PORT", "18755"));

    private EmulatedHost() {
    }

    /** Boots the emulated host with an agent of these properties (one {@code key=value} each). */
    public static EmulatedHost boot(List<String> agentProperties) {
        try {
            Path config = Files.createTempFile("molt-emuhost-agent-", ".properties");
            Files.write(config, agentProperties);
            script(Duration.ofMinutes(15), "down");
            System.out.print(script(Duration.ofMinutes(15), "up", "--agent-config", config.toString()));
            Files.delete(config);
            return new EmulatedHost();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts the nested heartbeat guest (its console: {@link #CONSOLE_PORT}). */
    public void startGuest(String uuid, int ramMib, int fillMib) {
        System.out.print(script(Duration.ofMinutes(3), "guest", uuid, Integer.toString(ramMib), Integer.toString(fillMib)));
    }

    /** Runs {@code command} (a shell line) on the emulated host; throws when it fails. */
    public String ssh(String command) {
        return script(Duration.ofMinutes(5), "ssh", command);
    }

    /** The emulated host's serial console so far (its kernels' and systemd's messages). */
    public String console() {
        try {
            return Files.readString(Path.of(System.getenv().getOrDefault("EMUHOST_STATE", "/var/lib/molt-emuhost"),
                    "log", "console.log"));
        } catch (IOException e) {
            return "(no console log: " + e.getMessage() + ")";
        }
    }

    private static String script(Duration timeout, String name, String... args) {
        List<String> command = new ArrayList<>(List.of(SCRIPTS.resolve(name).toString()));
        command.addAll(List.of(args));
        return HostCommand.run(timeout, command);
    }

    @Override
    public void close() {
        script(Duration.ofMinutes(1), "down");
    }
}
