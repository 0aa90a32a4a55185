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
 * {@link Domains} over libvirt-java. One connection, reopened when libvirtd went away (a libvirtd
 * restart is part of a warm reboot). Calls are serialised: libvirt-java objects are not shared
 * across threads here, and the steps act on one domain at a time anyway.
 */
public final class LibvirtDomains implements Domains, AutoCloseable {

    private static final int XML_SECURE = 1;
    private static final int XML_MIGRATABLE = 8;

    private final String uri;
    private final Path qemuRunDir;
    private Connect connect;

    public LibvirtDomains(String uri) {
        this(uri, Path.of("/run/libvirt/qemu"));
    }

    public LibvirtDomains(String uri, Path qemuRunDir) {
        this.uri = uri;
        this.qemuRunDir = qemuRunDir;
    }

    @Override
    public synchronized List<DomainInfo> list() {
        return call("list domains", c -> {
            List<DomainInfo> all = new ArrayList<>();
            for (Domain domain : c.listAllDomains(0)) {
                all.add(info(domain));
            }
            return all;
        });
    }

    @Override
    public synchronized Optional<DomainInfo> find(UUID uuid) {
        return call("look up " + uuid, c -> lookup(c, uuid).map(this::infoUnchecked));
    }

    @Override
    public synchronized String migratableXml(UUID uuid) {
        return call("read XML of " + uuid, c -> domain(c, uuid).getXMLDesc(XML_SECURE | XML_MIGRATABLE));
    }

    @Override
    public synchronized String monitorCommand(UUID uuid, String qmpJson) {
        return call("monitor command on " + uuid, c -> domain(c, uuid).qemuMonitorCommand(qmpJson, 0));
    }

    @Override
    public synchronized void save(UUID uuid, Path stateFile) {
        call("save " + uuid, c -> {
            domain(c, uuid).save(stateFile.toString());
            return null;
        });
    }

    @Override
    public synchronized void restore(Path stateFile, String xml) {
        call("restore " + stateFile, c -> {
            LibvirtNative.restoreFlags(c, stateFile.toString(), xml, 0);
            return null;
        });
    }

    @Override
    public synchronized void resume(UUID uuid) {
        call("resume " + uuid, c -> {
            domain(c, uuid).resume();
            return null;
        });
    }

    @Override
    public synchronized void managedSave(UUID uuid) {
        call("managed save " + uuid, c -> domain(c, uuid).managedSave());
    }

    @Override
    public synchronized boolean hasManagedSaveImage(UUID uuid) {
        return call("managed save image of " + uuid, c -> domain(c, uuid).hasManagedSaveImage() == 1);
    }

    @Override
    public synchronized void start(UUID uuid) {
        call("start " + uuid, c -> domain(c, uuid).create());
    }

    @Override
    public synchronized void shutdown(UUID uuid) {
        call("shut down " + uuid, c -> {
            domain(c, uuid).shutdown();
            return null;
        });
    }

    @Override
    public synchronized void destroy(UUID uuid) {
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
    public synchronized long libvirtVersion() {
        return call("libvirt version", Connect::getLibVersion);
    }

    @Override
    public synchronized long qemuVersion() {
        return call("hypervisor version", Connect::getVersion);
    }

    /** Drops the connection; the next call opens a new one (after libvirtd restarted). */
    @Override
    public synchronized void close() {
        if (connect != null) {
            try {
                connect.close();
            } catch (LibvirtException e) {
                // the daemon is gone already; nothing to release
            }
            connect = null;
        }
    }

    private interface Call<T> {
        T apply(Connect connect) throws LibvirtException;
    }

    private <T> T call(String what, Call<T> call) {
        try {
            return call.apply(connection());
        } catch (LibvirtException e) {
            if (!connectionLost()) {
                throw new DomainsException(what + ": " + e.getMessage(), e);
            }
        }
        close();
        try {
            return call.apply(connection());
        } catch (LibvirtException e) {
            throw new DomainsException(what + ": " + e.getMessage(), e);
        }
    }

    private boolean connectionLost() {
        try {
            return connect == null || !connect.isAlive();
        } catch (LibvirtException e) {
            return true;
        }
    }

    private Connect connection() throws LibvirtException {
        if (connect == null) {
            connect = new Connect(uri);
        }
        return connect;
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
