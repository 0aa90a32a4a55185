package io.molt.agent.libvirt;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** A hypervisor that serves no call: the base of the fakes, which override what their tests need. */
public abstract class UnsupportedDomains implements Domains {

    @Override
    public List<DomainInfo> list() {
        throw new UnsupportedOperationException();
    }

    @Override
    public Optional<DomainInfo> find(UUID uuid) {
        throw new UnsupportedOperationException();
    }

    @Override
    public String migratableXml(UUID uuid) {
        throw new UnsupportedOperationException();
    }

    @Override
    public String monitorCommand(UUID uuid, String qmpJson) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void save(UUID uuid, Path stateFile) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void restore(Path stateFile, String xml) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void resume(UUID uuid) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void managedSave(UUID uuid) {
        throw new UnsupportedOperationException();
    }

    @Override
    public boolean hasManagedSaveImage(UUID uuid) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void start(UUID uuid) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void shutdown(UUID uuid) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void destroy(UUID uuid) {
        throw new UnsupportedOperationException();
    }

    /** No QEMU runs. */
    @Override
    public Optional<Long> qemuPid(String domainName) {
        return Optional.empty();
    }

    /** libvirt 9.0.0, as on the lab. */
    @Override
    public long libvirtVersion() {
        return 9_000_000;
    }

    /** QEMU 7.2.0, as on the lab. */
    @Override
    public long qemuVersion() {
        return 7_002_000;
    }
}
