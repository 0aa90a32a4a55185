package io.molt.agent.steps;

import com.fasterxml.jackson.databind.JsonNode;
import io.molt.agent.libvirt.DomainsException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.LockSupport;

/**
 * The extra QMP monitor of a domain being restored. libvirt 9.0 cannot set x-ignore-shared on the
 * incoming QEMU, so the restore XML gives QEMU one more monitor socket with {@code wait=on}: QEMU
 * blocks until the agent connects, and the agent sets the capability before libvirt starts the
 * incoming migration. Runs on its own thread while the restore call blocks.
 */
final class IncomingMonitor implements AutoCloseable {

    private final Path socket;
    private final CompletableFuture<Void> done;
    private volatile SocketChannel channel;
    private volatile boolean closed;

    private IncomingMonitor(Path socket, List<String> commands, Duration timeout, Runnable onReady, Runnable onTimeout) {
        this.socket = socket;
        this.done = CompletableFuture.runAsync(() -> serve(commands, timeout, onReady, onTimeout), this::ownThread);
    }

    /**
     * Starts waiting for QEMU to listen on {@code socket}, then sends {@code commands} in order.
     * {@code onTimeout} runs when QEMU never answered: a QEMU left waiting on a {@code wait=on} socket
     * would block the restore call for ever, so the caller kills it there (the RAM stays kept).
     */
    static IncomingMonitor await(Path socket, List<String> commands, Duration timeout, Runnable onReady,
                                 Runnable onTimeout) {
        try {
            Files.createDirectories(socket.getParent());
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            throw new DomainsException("cannot prepare monitor socket " + socket + ": " + e.getMessage(), e);
        }
        return new IncomingMonitor(socket, commands, timeout, onReady, onTimeout);
    }

    /**
     * Sends {@code commands} on a monitor that a QEMU already listens on (one started by a restore whose agent
     * stopped), without touching the socket; false when no QEMU answers there within {@code timeout} or it
     * refuses a command.
     */
    static boolean sendIfListening(Path socket, List<String> commands, Duration timeout) {
        if (!Files.exists(socket)) {
            return false;
        }
        try (IncomingMonitor monitor = new IncomingMonitor(socket, commands, timeout, () -> { }, () -> { })) {
            monitor.done.get(timeout.toMillis() + 5_000, java.util.concurrent.TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Each monitor waits on a thread of its own: several guests are restored at once, and a shared pool
     * (the common fork-join pool has one thread less than the host has cores) would leave a QEMU waiting
     * on its socket behind the monitors of the others.
     */
    private void ownThread(Runnable serve) {
        Thread thread = new Thread(serve, "molt-monitor-" + socket.getFileName());
        thread.setDaemon(true);
        thread.start();
    }

    /** Fails with the monitor's error, if it had one, once the restore returned. */
    void check() {
        try {
            done.get(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new DomainsException("extra monitor: " + e.getCause().getMessage(), e.getCause());
        } catch (java.util.concurrent.TimeoutException | InterruptedException e) {
            throw new DomainsException("extra monitor did not finish", e);
        }
    }

    private void serve(List<String> commands, Duration timeout, Runnable onReady, Runnable onTimeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        SocketChannel ch = null;
        while (ch == null) {
            if (closed) {
                throw new DomainsException("restore ended before QEMU opened " + socket);
            }
            if (System.nanoTime() > deadline) {
                onTimeout.run();
                throw new DomainsException("QEMU did not open " + socket + " within " + timeout);
            }
            try {
                SocketChannel attempt = SocketChannel.open(StandardProtocolFamily.UNIX);
                try {
                    attempt.connect(UnixDomainSocketAddress.of(socket));
                    ch = attempt;
                } catch (IOException e) {
                    attempt.close();
                    LockSupport.parkNanos(1_000_000);
                }
            } catch (IOException e) {
                throw new DomainsException("cannot open a socket: " + e.getMessage(), e);
            }
        }
        channel = ch;
        try {
            BufferedReader in = new BufferedReader(new InputStreamReader(Channels.newInputStream(ch), StandardCharsets.UTF_8));
            Writer out = new OutputStreamWriter(Channels.newOutputStream(ch), StandardCharsets.UTF_8);
            readAnswer(in); // greeting
            send(in, out, Qmp.command("qmp_capabilities"));
            for (String command : commands) {
                send(in, out, command);
            }
            onReady.run();
        } catch (IOException e) {
            throw new DomainsException("extra monitor " + socket + ": " + e.getMessage(), e);
        }
    }

    private static void send(BufferedReader in, Writer out, String command) throws IOException {
        out.write(command + "\n");
        out.flush();
        JsonNode answer;
        do {
            answer = readAnswer(in);
        } while (answer.has("event"));
        if (answer.has("error")) {
            throw new DomainsException("QEMU refused " + command + ": " + answer.get("error").path("desc").asText());
        }
    }

    private static JsonNode readAnswer(BufferedReader in) throws IOException {
        String line = in.readLine();
        if (line == null) {
            throw new IOException("QEMU closed the monitor");
        }
        return Qmp.parse(line);
    }

    @Override
    public void close() {
        closed = true;
        SocketChannel ch = channel;
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException e) {
                // closing a monitor QEMU may have closed already
            }
        }
    }
}
