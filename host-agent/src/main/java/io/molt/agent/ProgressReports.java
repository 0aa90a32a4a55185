package io.molt.agent;

import io.molt.protocol.Envelope;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Sends the commands' progress reports on a thread of their own. A step reports from inside a guest's
 * downtime (a hold, a managed save); waiting there for the broker's confirm (up to 10 s when it is slow)
 * would lengthen the downtime for the sake of a log line. Progress is only shown, never acted on, so per
 * command only the newest report waits to go out and one overtaken by a newer is dropped.
 * <p>
 * {@link #drop} comes before a command's result is sent: it drops the command's waiting report and waits
 * for one being sent, so no progress follows the result.
 */
final class ProgressReports implements AutoCloseable {

    private final Consumer<Envelope> send;
    private final Object sending = new Object();
    private final Map<String, Envelope> waiting = new LinkedHashMap<>();
    private final Thread sender;
    private boolean closed;

    ProgressReports(Consumer<Envelope> send) {
        this.send = send;
        this.sender = new Thread(this::sendAll, "molt-progress");
        this.sender.setDaemon(true);
        this.sender.start();
    }

    /** Queues the command's newest progress; returns at once. */
    synchronized void offer(String commandId, Envelope progress) {
        waiting.put(commandId, progress); // a report still waiting is replaced where it stands in line
        notifyAll();
    }

    /** Drops the command's waiting report, then waits until the one being sent (if any) has gone. */
    void drop(String commandId) {
        synchronized (this) {
            waiting.remove(commandId);
        }
        synchronized (sending) {
            // the sender takes and sends a report while holding this lock: once here, none is in flight
        }
    }

    private void sendAll() {
        while (true) {
            synchronized (this) {
                while (waiting.isEmpty() && !closed) {
                    try {
                        wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                if (closed) {
                    return;
                }
            }
            synchronized (sending) {
                Envelope next;
                synchronized (this) {
                    Iterator<Envelope> eldest = waiting.values().iterator();
                    if (!eldest.hasNext()) {
                        continue;
                    }
                    next = eldest.next();
                    eldest.remove();
                }
                send.accept(next);
            }
        }
    }

    /** Stops sending; reports still waiting are dropped. */
    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            notifyAll();
        }
        try {
            sender.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
