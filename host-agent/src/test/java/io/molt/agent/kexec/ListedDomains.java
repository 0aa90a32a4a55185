package io.molt.agent.kexec;

import io.molt.agent.libvirt.DomainInfo;
import io.molt.agent.libvirt.DomainState;
import io.molt.agent.libvirt.MemoryBacking;
import io.molt.agent.libvirt.UnsupportedDomains;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** A hypervisor that only lists its domains: all the kexec precheck asks of it. */
final class ListedDomains extends UnsupportedDomains {

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
}
