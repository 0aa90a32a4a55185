package io.molt.service.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Follows the console log of a Nova instance running the virt lab's heartbeat guest (dev/virtlab/heart.c:
 * {@code hb <counter> <monotonic-us>} every 10 ms) and timestamps each heartbeat line with the host's clock
 * as it appears. The largest gap between two heartbeats is the blackout the guest's users saw. A counter that
 * goes down means the guest restarted. Each new QEMU process starts the log again (virtlogd truncates it):
 * the reader then reads from its start. Polls every 2 ms on its own thread.
 * <p>
 * {@link #connect} reads a console served on TCP instead (a nested guest's, forwarded by QEMU): each line is
 * timestamped as it arrives; when the connection ends (a new QEMU binds the port again) it connects again
 * every 20 ms; {@link #send} writes to the console (e.g. {@code v} for a verification).
 */
public final class HeartbeatLog implements AutoCloseable {

    private static final Pattern BEAT = Pattern.compile("hb (\\d+) (\\d+)");
    private static final Pattern VERIFY = Pattern.compile("verify ok=(\\d) bad=(\\d+) mib=(\\d+)");

    private final Path file;
    private final InetSocketAddress address;
    private volatile OutputStream console;
    private final Thread reader;
    private volatile boolean running = true;
    private long beats;
    private long lastCounter = -1;
    private long lastBeatNanos;
    private long largestGapNanos;
    private final List<String> resets = new ArrayList<>();
    private final List<String> verifications = new ArrayList<>();

    private HeartbeatLog(Path file, InetSocketAddress address) {
        this.file = file;
        this.address = address;
        this.reader = file != null ? new Thread(this::follow, "heartbeat-" + file.getParent().getFileName())
                : new Thread(this::receive, "heartbeat-" + address.getPort());
        this.reader.setDaemon(true);
    }

    public static HeartbeatLog follow(Path file) {
        HeartbeatLog log = new HeartbeatLog(file, null);
        log.reader.start();
        return log;
    }

    /** Reads the console served at {@code host:port}, connecting again whenever the connection ends. */
    public static HeartbeatLog connect(String host, int port) {
        HeartbeatLog log = new HeartbeatLog(null, new InetSocketAddress(host, port));
        log.reader.start();
        return log;
    }

    /** Writes {@code text} to a console read by {@link #connect}; false when not connected just now. */
    public boolean send(String text) {
        OutputStream out = console;
        if (out == null) {
            return false;
        }
        try {
            out.write(text.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public synchronized long beats() {
        return beats;
    }

    public synchronized long lastCounter() {
        return lastCounter;
    }

    /** The largest gap between two heartbeats seen so far, in milliseconds. */
    public synchronized long largestGapMs() {
        return largestGapNanos / 1_000_000;
    }

    /** Forgets the largest gap (e.g. the boot's), keeping the counter. */
    public synchronized void resetGap() {
        largestGapNanos = 0;
    }

    /** Each time the counter went down: "from A to B". Empty when the guest never restarted. */
    public synchronized List<String> counterResets() {
        return List.copyOf(resets);
    }

    /** The guest's answers to a verify request, e.g. {@code verify ok=1 bad=0 mib=400}. */
    public synchronized List<String> verifications() {
        return List.copyOf(verifications);
    }

    /** Whether the last verification found the whole pattern intact. */
    public synchronized boolean lastVerificationOk() {
        if (verifications.isEmpty()) {
            return false;
        }
        Matcher m = VERIFY.matcher(verifications.get(verifications.size() - 1));
        return m.find() && m.group(1).equals("1") && m.group(2).equals("0") && !m.group(3).equals("0");
    }

    private void follow() {
        long position = 0;
        Object key = null;
        StringBuilder partial = new StringBuilder();
        byte[] buffer = new byte[65536];
        while (running) {
            try {
                long size = Files.exists(file) ? Files.size(file) : 0;
                Object fileKey = size == 0 ? key : Files.readAttributes(file,
                        java.nio.file.attribute.BasicFileAttributes.class).fileKey();
                if (size < position || !java.util.Objects.equals(fileKey, key)) { // a new QEMU started the log again
                    key = fileKey;
                    position = 0;
                    partial.setLength(0);
                }
                if (size > position) {
                    try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
                        in.seek(position);
                        int n;
                        while ((n = in.read(buffer)) > 0) {
                            position += n;
                            partial.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
                        }
                    }
                    completeLines(partial, System.nanoTime());
                }
                Thread.sleep(2);
            } catch (IOException e) {
                sleepQuietly();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void receive() {
        byte[] buffer = new byte[65536];
        while (running) {
            try (Socket socket = new Socket()) {
                socket.connect(address, 1000);
                InputStream in = socket.getInputStream();
                console = socket.getOutputStream();
                StringBuilder partial = new StringBuilder();
                int n;
                while (running && (n = in.read(buffer)) > 0) {
                    long now = System.nanoTime();
                    partial.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
                    completeLines(partial, now);
                }
            } catch (IOException e) {
                // not served just now (the guest's QEMU is being replaced): try again
            } finally {
                console = null;
            }
            sleepQuietly();
        }
    }

    /** Takes every complete line out of {@code partial}, each stamped {@code now}; a partial last line stays. */
    private void completeLines(StringBuilder partial, long now) {
        int nl;
        while ((nl = partial.indexOf("\n")) >= 0) {
            line(partial.substring(0, nl).trim(), now);
            partial.delete(0, nl + 1);
        }
    }

    private synchronized void line(String line, long now) {
        Matcher beat = BEAT.matcher(line);
        if (beat.find()) {
            long counter = Long.parseLong(beat.group(1));
            if (lastCounter >= 0 && counter < lastCounter) {
                resets.add("from " + lastCounter + " to " + counter);
            } else if (lastCounter >= 0 && counter > lastCounter) {
                largestGapNanos = Math.max(largestGapNanos, now - lastBeatNanos);
            }
            if (counter != lastCounter) {
                lastCounter = counter;
                lastBeatNanos = now;
            }
            beats++;
        } else if (line.contains("verify ok=")) {
            verifications.add(line.substring(line.indexOf("verify ok=")));
        }
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        reader.interrupt();
    }
}
