package io.molt.agent.libvirt;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.lang.reflect.Field;
import org.libvirt.Connect;
import org.libvirt.jna.ConnectionPointer;

/**
 * The libvirt functions that libvirt-java 0.5.4 does not bind (FACTS.md): a restore that replaces the
 * saved domain XML. Bound here through JNA on the connection libvirt-java opened.
 */
final class LibvirtNative {

    interface Lib extends Library {
        int virDomainRestoreFlags(ConnectionPointer conn, String from, String dxml, int flags);

        String virGetLastErrorMessage();
    }

    private static final Lib LIB = Native.load("virt", Lib.class);

    private LibvirtNative() {
    }

    static void restoreFlags(Connect connect, String from, String xml, int flags) {
        if (LIB.virDomainRestoreFlags(pointer(connect), from, xml, flags) < 0) {
            throw new DomainsException("restore from " + from + " failed: " + LIB.virGetLastErrorMessage());
        }
    }

    private static ConnectionPointer pointer(Connect connect) {
        try {
            Field field = Connect.class.getDeclaredField("vcp");
            field.setAccessible(true);
            return (ConnectionPointer) field.get(connect);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("libvirt-java changed: no Connect.vcp", e);
        }
    }
}
