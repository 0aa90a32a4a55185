package io.molt.agent.libvirt;

import org.libvirt.Connect;
import org.libvirt.LibvirtException;

/** Opens a read-only libvirt connection to learn whether it answers and which versions run. */
public class LibvirtProbe {

    /** What the probe found; versions are null when libvirt did not answer. */
    public record Result(boolean reachable, String libvirtVersion, String hypervisorVersion, String error) {
    }

    public Result probe(String uri) {
        Connect connect = null;
        try {
            connect = new Connect(uri, true);
            return new Result(true, version(connect.getLibVersion()), version(connect.getVersion()), null);
        } catch (LibvirtException e) {
            return new Result(false, null, null, e.getMessage());
        } catch (UnsatisfiedLinkError | NoClassDefFoundError e) {
            return new Result(false, null, null, "libvirt client library not installed (libvirt0): " + e.getMessage());
        } finally {
            close(connect);
        }
    }

    /** libvirt encodes versions as major * 1,000,000 + minor * 1,000 + release. */
    static String version(long encoded) {
        if (encoded <= 0) {
            return null;
        }
        return (encoded / 1_000_000) + "." + (encoded / 1_000 % 1_000) + "." + (encoded % 1_000);
    }

    private static void close(Connect connect) {
        if (connect != null) {
            try {
                connect.close();
            } catch (LibvirtException ignored) {
                // closing a probe connection that failed to open fully: nothing to recover
            }
        }
    }
}
