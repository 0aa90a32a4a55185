package io.molt.agent.libvirt;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The narrow view of the hypervisor the preservation steps need. Domains are keyed by UUID (libvirt
 * ids change on every start and restore). Every method fails with {@link DomainsException}.
 */
public interface Domains {

    /** Every domain libvirt knows, running or not. */
    List<DomainInfo> list();

    Optional<DomainInfo> find(UUID uuid);

    /** The live XML as a restore needs it ({@code VIR_DOMAIN_XML_MIGRATABLE | SECURE}). */
    String migratableXml(UUID uuid);

    /** Sends one QMP command to the domain's QEMU through libvirt and returns QEMU's JSON answer. */
    String monitorCommand(UUID uuid, String qmpJson);

    /** Pauses the domain, writes its state to {@code stateFile} and stops its QEMU. */
    void save(UUID uuid, Path stateFile);

    /** Starts a domain from a state file, with {@code xml} replacing the saved definition. */
    void restore(Path stateFile, String xml);

    /** Resumes a paused domain. */
    void resume(UUID uuid);

    /** Managed save: the state goes to libvirt's own file and the next start resumes from it. */
    void managedSave(UUID uuid);

    boolean hasManagedSaveImage(UUID uuid);

    /** Starts a defined domain (from its managed save image if it has one). */
    void start(UUID uuid);

    /** Asks the guest to shut down cleanly (ACPI power button); returns at once. */
    void shutdown(UUID uuid);

    /** Stops the domain's QEMU at once (power off); the definition stays. */
    void destroy(UUID uuid);

    /** The pid of the domain's QEMU process, if it runs. */
    Optional<Long> qemuPid(String domainName);

    /** Versions as libvirt encodes them (major * 1,000,000 + minor * 1,000 + release). */
    long libvirtVersion();

    long qemuVersion();
}
