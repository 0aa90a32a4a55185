package io.molt.agent.lab;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * The host side of the test guest's serial console (a unix socket QEMU binds): timestamps every
 * heartbeat line as it arrives, reconnects at once when a new QEMU binds the socket again, and asks the
 * guest to verify its memory pattern. See dev/virtlab/heart.c for the guest side.
 */
public final class GuestConsole implements AutoCloseable {

    /** One heartbeat: the guest's counter and when the host read it. */
    public record Beat(long counter, long hostNanos) {
    }

    private final Path socket;
    private final List<Beat> beats = new ArrayList<>();
    private final List<String> verifications = new ArrayList<>();
    private final Thread reader;
    private volatile SocketChannel channel;
    private volatile boolean closed;

    public GuestConsole(Path socket) {
        this.socket = socket;
        this.reader = new Thread(this::read, "console-" + socket.getFileName());
        reader.setDaemon(true);
        reader.start();
    }

    private void read() {
        StringBuilder line = new StringBuilder();
        ByteBuffer buf = ByteBuffer.allocate(64 * 1024);
        while (!closed) {
            SocketChannel ch = channel;
            if (ch == null) {
                try {
                    ch = SocketChannel.open(StandardProtocolFamily.UNIX);
                    ch.connect(UnixDomainSocketAddress.of(socket));
                    channel = ch;
                    line.setLength(0);
                } catch (IOException e) {
                    closeQuietly(ch);
                    LockSupport.parkNanos(500_000);
                    continue;
                }
            }
            buf.clear();
            int n;
            try {
                n = ch.read(buf);
            } catch (IOException e) {
                n = -1;
            }
            if (n < 0) {
                closeQuietly(ch);
                channel = null;
                continue;
            }
            long now = System.nanoTime();
            String text = new String(buf.array(), 0, n, StandardCharsets.US_ASCII);
            for (char c : text.toCharArray()) {
                if (c == '\n') {
                    accept(line.toString().trim(), now);
                    line.setLength(0);
                } else {
                    line.append(c);
                }
            }
        }
    }

    private synchronized void accept(String line, long now) {
        String[] parts = line.split(" ");
        if (parts.length == 3 && parts[0].equals("hb")) {
            try {
                beats.add(new Beat(Long.parseLong(parts[1]), now));
            } catch (NumberFormatException e) {
                // a line mixed with kernel output; skip it
            }
        } else if (line.startsWith("verify ")) {
            verifications.add(line);
        }
    }

    public synchronized int beatCount() {
        return beats.size();
    }

    public synchronized List<Beat> beatsSince(long hostNanos) {
        return beats.stream().filter(b -> b.hostNanos() >= hostNanos).toList();
    }

    /** Waits until the guest has sent {@code count} more heartbeats. */
    public void awaitBeats(int count, Duration timeout) {
        int target = beatCount() + count;
        long deadline = System.nanoTime() + timeout.toNanos();
        while (beatCount() < target) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no heartbeat from the guest on " + socket + " within " + timeout
                        + " (" + beatCount() + " so far)");
            }
            LockSupport.parkNanos(5_000_000);
        }
    }

    /** The largest gap between two heartbeats read after {@code sinceNanos}, in milliseconds. */
    public double maxGapMs(long sinceNanos) {
        List<Beat> window = beatsSince(sinceNanos);
        long max = 0;
        for (int i = 1; i < window.size(); i++) {
            max = Math.max(max, window.get(i).hostNanos() - window.get(i - 1).hostNanos());
        }
        return max / 1e6;
    }

    /**
     * Whether the counter only went up after {@code sinceNanos}: the guest did not restart. Steps of
     * more than one are lines the guest wrote while no reader was connected (a new QEMU binds the
     * socket again); see {@link #lostLines}.
     */
    public boolean counterContinuous(long sinceNanos) {
        List<Beat> window = beatsSince(sinceNanos);
        for (int i = 1; i < window.size(); i++) {
            if (window.get(i).counter() <= window.get(i - 1).counter()) {
                return false;
            }
        }
        return true;
    }

    /** Heartbeat lines the host did not read after {@code sinceNanos} (written while it reconnected). */
    public long lostLines(long sinceNanos) {
        List<Beat> window = beatsSince(sinceNanos);
        long lost = 0;
        for (int i = 1; i < window.size(); i++) {
            lost += Math.max(0, window.get(i).counter() - window.get(i - 1).counter() - 1);
        }
        return lost;
    }

    /** Asks the guest to check its whole memory pattern; returns its answer line. */
    public String verify(Duration timeout) {
        int before;
        synchronized (this) {
            before = verifications.size();
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        long lastAsk = 0;
        while (System.nanoTime() < deadline) {
            synchronized (this) {
                if (verifications.size() > before) {
                    return verifications.get(verifications.size() - 1);
                }
            }
            SocketChannel ch = channel;
            if (ch != null && System.nanoTime() - lastAsk > 2_000_000_000L) {
                try {
                    ch.write(ByteBuffer.wrap("v".getBytes(StandardCharsets.US_ASCII)));
                    lastAsk = System.nanoTime();
                } catch (IOException e) {
                    // reconnecting; ask again
                }
            }
            LockSupport.parkNanos(5_000_000);
        }
        throw new AssertionError("the guest did not answer a pattern check within " + timeout);
    }

    public boolean patternOk(Duration timeout) {
        return verify(timeout).contains("ok=1");
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(channel);
    }

    private static void closeQuietly(SocketChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException e) {
                // closing
            }
        }
    }
}
