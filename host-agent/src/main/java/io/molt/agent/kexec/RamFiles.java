package io.molt.agent.kexec;

import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/** The RAM files of a running domain, by memory backend (as its QEMU maps them). */
@FunctionalInterface
public interface RamFiles {

    /** Fails with {@link io.molt.agent.libvirt.DomainsException} when QEMU cannot tell. */
    Map<String, Path> of(UUID domain);
}
