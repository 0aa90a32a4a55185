package io.molt.agent.kexec;

import io.molt.agent.libvirt.DomainInfo;
import io.molt.agent.libvirt.DomainState;
import io.molt.agent.libvirt.Domains;
import io.molt.agent.libvirt.MemoryBacking;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** A hypervisor that only lists its domains: all the kexec precheck asks of it. */
final class ListedDomains implements Domains {

    static final MemoryBacking NOVA = new MemoryBacking(true, true, true, true);
    static final MemoryBacking ANONYMOUS = new MemoryBacking(false, false, false, false);

    private final List<DomainInfo> domains;

    ListedDomains(DomainInfo... domains) {
        this.domains = List.of(domains);
    }

    static DomainInfo running(String name, MemoryBacking memory) {
        return new DomainInfo(UUID.nameUUIDFromBytes(name.getBytes()), name, DomainState.RUNNING, 256, memory, Optional.empty());
    }

    @Override
    public List<DomainInfo> list() {
        return domains;
    }

    @Override
    public Optional<DomainInfo> find(UUID uuid) {
        return domains.stream().filter(d -> d.uuid().equals(uuid)).findFirst();
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

    @Override
    public Optional<Long> qemuPid(String domainName) {
        return Optional.empty();
    }

    @Override
    public long libvirtVersion() {
        return 9_000_000;
    }

    @Override
    public long qemuVersion() {
        return 7_002_000;
    }
}
