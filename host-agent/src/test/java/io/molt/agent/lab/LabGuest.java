package io.molt.agent.lab;

import io.molt.agent.steps.QemuConf;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.stream.Stream;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;

/**
 * A test guest defined the way Nova defines instances (persistent, file-backed shared memory with
 * immediate allocation and {@code <discard/>}, {@code nova:instance} metadata), booted from the lab's
 * kernel and heartbeat initramfs, with its serial console on a unix socket.
 */
public final class LabGuest implements AutoCloseable {

    private final UUID uuid;
    private final String name;
    private final GuestConsole console;

    private LabGuest(UUID uuid, String name, GuestConsole console) {
        this.uuid = uuid;
        this.name = name;
        this.console = console;
    }

    /** Defines and starts a guest with {@code ramMib} of RAM, {@code fillMib} of it filled, and waits for its heartbeat. */
    public static LabGuest start(String name, int ramMib, int fillMib) {
        UUID uuid = UUID.randomUUID();
        Path socket = Path.of("/tmp/molt-it-console", name + ".sock");
        try {
            Files.createDirectories(socket.getParent());
            Files.deleteIfExists(socket);
            Connect c = new Connect(Lab.URI);
            try {
                removeLeftover(c, name);
                Domain d = c.domainDefineXML(xml(name, uuid, ramMib, fillMib, socket));
                d.create();
            } finally {
                c.close();
            }
        } catch (LibvirtException | java.io.IOException e) {
            throw new AssertionError("cannot start the test guest " + name + ": " + e.getMessage(), e);
        }
        LabGuest guest = new LabGuest(uuid, name, new GuestConsole(socket));
        try {
            guest.console.awaitBeats(20, Duration.ofSeconds(60 + fillMib / 20));
        } catch (AssertionError e) {
            guest.close();
            throw new AssertionError(e.getMessage() + "; a guest that fills too much of its RAM panics out of memory", e);
        }
        return guest;
    }

    static String xml(String name, UUID uuid, int ramMib, int fillMib, Path socket) {
        Path guest = Lab.guestDir();
        return """
                <domain type='qemu'>
                  <name>%s</name>
                  <uuid>%s</uuid>
                  <metadata>
                    <nova:instance xmlns:nova='http://openstack.org/xmlns/libvirt/nova/1.1'>
                      <nova:name>%s</nova:name>
                    </nova:instance>
                  </metadata>
                  <memory unit='MiB'>%d</memory>
                  <memoryBacking>
                    <source type='file'/>
                    <access mode='shared'/>
                    <allocation mode='immediate'/>
                    <discard/>
                  </memoryBacking>
                  <vcpu>1</vcpu>
                  <os>
                    <type arch='x86_64' machine='pc'>hvm</type>
                    <kernel>%s</kernel>
                    <initrd>%s</initrd>
                    <cmdline>console=ttyS0 quiet loglevel=0 molt.fill=%d</cmdline>
                  </os>
                  <on_crash>destroy</on_crash>
                  <devices>
                    <serial type='unix'><source mode='bind' path='%s'/><target port='0'/></serial>
                    <memballoon model='none'/>
                  </devices>
                </domain>
                """.formatted(name, uuid, name, ramMib, guest.resolve("vmlinuz"), guest.resolve("initrd.cpio"), fillMib, socket);
    }

    private static void removeLeftover(Connect c, String name) throws LibvirtException {
        for (Domain d : c.listAllDomains(0)) {
            if (d.getName().equals(name)) {
                if (d.isActive() == 1) {
                    d.destroy();
                }
                if (d.hasManagedSaveImage() == 1) {
                    d.managedSaveRemove();
                }
                d.undefine();
            }
        }
    }

    public UUID uuid() {
        return uuid;
    }

    public String name() {
        return name;
    }

    public GuestConsole console() {
        return console;
    }

    /**
     * Destroys and undefines the guest, and deletes any RAM an agent still keeps of it (a test that failed with
     * the guest held leaves it in the keep directory, on tmpfs).
     */
    @Override
    public void close() {
        console.close();
        try {
            Connect c = new Connect(Lab.URI);
            try {
                removeLeftover(c, name);
            } finally {
                c.close();
            }
        } catch (LibvirtException e) {
            throw new AssertionError("cannot remove the test guest " + name + ": " + e.getMessage(), e);
        }
        deleteKeptRam();
    }

    private void deleteKeptRam() {
        Path keep = QemuConf.memoryBackingDir(Path.of("/etc/libvirt/qemu.conf")).map(QemuConf::keepDir).orElse(null);
        if (keep == null || !Files.isDirectory(keep)) {
            return;
        }
        try (Stream<Path> files = Files.list(keep)) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith(uuid + ".")).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (java.io.IOException e) {
            throw new AssertionError("cannot delete the RAM kept of " + name + " in " + keep + ": " + e.getMessage(), e);
        }
    }
}
