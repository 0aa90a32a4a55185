package io.molt.agent.libvirt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.LibvirtException;

/**
 * {@link Domains} over libvirt-java, for several threads at once (the guests of a campaign step): each
 * call runs on a connection of its own for its duration ({@link LibvirtConnections}), so a long save of
 * one domain holds up no call on another, and no libvirt-java object is used by two threads at a time.
 * A connection found dead is reopened once for the call (a libvirtd restart is part of a warm reboot).
 */
public final class LibvirtDomains implements Domains, AutoCloseable {

    private static final int XML_SECURE = 1;
    private static final int XML_MIGRATABLE = 8;

    private final LibvirtConnections connections;
    private final Path qemuRunDir;

    public LibvirtDomains(String uri) {
        this(uri, Path.of("/run/libvirt/qemu"));
    }

    public LibvirtDomains(String uri, Path qemuRunDir) {
        this.connections = new LibvirtConnections(uri);
        this.qemuRunDir = qemuRunDir;
    }

    @Override
    public List<DomainInfo> list() {
        return call("list domains", c -> {
            List<DomainInfo> all = new ArrayList<>();
            for (Domain domain : c.listAllDomains(0)) {
                all.add(info(domain));
            }
            return all;
        });
    }

    @Override
    public Optional<DomainInfo> find(UUID uuid) {
        return call("look up " + uuid, c -> lookup(c, uuid).map(this::infoUnchecked));
    }

    @Override
    public String migratableXml(UUID uuid) {
        return call("read XML of " + uuid, c -> domain(c, uuid).getXMLDesc(XML_SECURE | XML_MIGRATABLE));
    }

    @Override
    public String monitorCommand(UUID uuid, String qmpJson) {
        return call("monitor command on " + uuid, c -> domain(c, uuid).qemuMonitorCommand(qmpJson, 0));
    }

    @Override
    public void save(UUID uuid, Path stateFile) {
        call("save " + uuid, c -> {
            domain(c, uuid).save(stateFile.toString());
            return null;
        });
    }

    @Override
    public void restore(Path stateFile, String xml) {
        call("restore " + stateFile, c -> {
            LibvirtNative.restoreFlags(c, stateFile.toString(), xml, 0);
            return null;
        });
    }

    @Override
    public void resume(UUID uuid) {
        call("resume " + uuid, c -> {
            domain(c, uuid).resume();
            return null;
        });
    }

    @Override
    public void managedSave(UUID uuid) {
        call("managed save " + uuid, c -> domain(c, uuid).managedSave());
    }

    @Override
    public boolean hasManagedSaveImage(UUID uuid) {
        return call("managed save image of " + uuid, c -> domain(c, uuid).hasManagedSaveImage() == 1);
    }

    @Override
    public void start(UUID uuid) {
        call("start " + uuid, c -> domain(c, uuid).create());
    }

    @Override
    public void shutdown(UUID uuid) {
        call("shut down " + uuid, c -> {
            domain(c, uuid).shutdown();
            return null;
        });
    }

    @Override
    public void destroy(UUID uuid) {
        call("destroy " + uuid, c -> {
            domain(c, uuid).destroy();
            return null;
        });
    }

    @Override
    public Optional<Long> qemuPid(String domainName) {
        Path pidFile = qemuRunDir.resolve(domainName + ".pid");
        try {
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive).map(ProcessHandle::pid);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    @Override
    public long libvirtVersion() {
        return call("libvirt version", Connect::getLibVersion);
    }

    @Override
    public long qemuVersion() {
        return call("hypervisor version", Connect::getVersion);
    }

    /** Drops the idle connections; the next call opens a new one (after libvirtd restarted). */
    @Override
    public void close() {
        connections.close();
    }

    private interface Call<T> {
        T apply(Connect connect) throws LibvirtException;
    }

    /** The call on a connection of its own; once more on a new connection if that one was dead. */
    private <T> T call(String what, Call<T> call) {
        Connect connect = null;
        try {
            connect = connections.take();
            return on(connect, call);
        } catch (LibvirtException e) {
            if (connect != null && alive(connect)) {
                connections.giveBack(connect);
                throw new DomainsException(what + ": " + e.getMessage(), e);
            }
            connections.discard(connect);
            connections.close(); // libvirtd went away: the idle connections died with it
        }
        Connect fresh = null;
        try {
            fresh = connections.open();
            return on(fresh, call);
        } catch (LibvirtException e) {
            if (fresh != null && alive(fresh)) {
                connections.giveBack(fresh);
            } else {
                connections.discard(fresh);
            }
            throw new DomainsException(what + ": " + e.getMessage(), e);
        }
    }

    /** Runs the call; gives the connection back unless libvirt failed (the caller then checks it). */
    private <T> T on(Connect connect, Call<T> call) throws LibvirtException {
        boolean libvirtFailed = false;
        try {
            return call.apply(connect);
        } catch (LibvirtException e) {
            libvirtFailed = true;
            throw e;
        } finally {
            if (!libvirtFailed) {
                connections.giveBack(connect);
            }
        }
    }

    private static boolean alive(Connect connect) {
        try {
            return connect.isAlive();
        } catch (LibvirtException e) {
            return false;
        }
    }

    private static Optional<Domain> lookup(Connect c, UUID uuid) throws LibvirtException {
        for (Domain domain : c.listAllDomains(0)) {
            if (domain.getUUIDString().equalsIgnoreCase(uuid.toString())) {
                return Optional.of(domain);
            }
        }
        return Optional.empty();
    }

    private static Domain domain(Connect c, UUID uuid) throws LibvirtException {
        return lookup(c, uuid).orElseThrow(() -> new DomainsException("no domain with UUID " + uuid));
    }

    private DomainInfo infoUnchecked(Domain domain) {
        try {
            return info(domain);
        } catch (LibvirtException e) {
            throw new DomainsException("read domain: " + e.getMessage(), e);
        }
    }

    private static DomainInfo info(Domain domain) throws LibvirtException {
        DomainXml xml = DomainXml.parse(domain.getXMLDesc(0));
        return new DomainInfo(xml.uuid(), xml.name(), state(domain.getInfo().state), xml.memoryMib(),
                xml.memoryBacking(), xml.novaInstanceUuid());
    }

    private static DomainState state(org.libvirt.DomainInfo.DomainState state) {
        return switch (state) {
            case VIR_DOMAIN_RUNNING -> DomainState.RUNNING;
            case VIR_DOMAIN_PAUSED -> DomainState.PAUSED;
            case VIR_DOMAIN_SHUTOFF -> DomainState.SHUTOFF;
            case VIR_DOMAIN_CRASHED -> DomainState.CRASHED;
            default -> DomainState.OTHER;
        };
    }
}
