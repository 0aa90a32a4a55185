package io.molt.agent.libvirt;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.libvirt.Connect;
import org.libvirt.LibvirtException;

/**
 * The agent's connections to one libvirt URI, each in the hands of one call at a time: a call takes an
 * idle one (or opens one) and gives it back. libvirt would let threads share one connection (it is
 * thread-safe since 0.6.0 and keeps its errors per thread, which libvirt-java reads), but libvirtd
 * serves at most {@code max_client_requests} (default 5) calls of one connection at a time, so a few
 * long saves would hold up every other call, even a look-up. So as many connections stay open as
 * calls have run at the same time: about {@code guests.at-once}.
 */
final class LibvirtConnections implements AutoCloseable {

    private final String uri;
    private final Deque<Connect> idle = new ArrayDeque<>();

    LibvirtConnections(String uri) {
        this.uri = uri;
    }

    /** An idle connection, the one given back last (the likeliest to be alive), or a new one. */
    Connect take() throws LibvirtException {
        synchronized (this) {
            Connect connect = idle.pollFirst();
            if (connect != null) {
                return connect;
            }
        }
        return open();
    }

    Connect open() throws LibvirtException {
        return new Connect(uri);
    }

    synchronized void giveBack(Connect connect) {
        idle.addFirst(connect);
    }

    /** Closes a connection found dead; null is ignored. */
    void discard(Connect connect) {
        if (connect != null) {
            closeQuietly(connect);
        }
    }

    /**
     * Closes every idle connection: after libvirtd went away (restarted), they died with it. A
     * connection in a call's hands meanwhile comes back later, and is discarded when found dead.
     */
    @Override
    public void close() {
        List<Connect> all;
        synchronized (this) {
            all = new ArrayList<>(idle);
            idle.clear();
        }
        all.forEach(LibvirtConnections::closeQuietly);
    }

    private static void closeQuietly(Connect connect) {
        try {
            connect.close();
        } catch (LibvirtException e) {
            // the daemon is gone already; nothing to release
        }
    }
}
