package io.molt.service.domain.cloud;

import java.util.Map;
import java.util.Objects;

/**
 * A server (VM) as Nova describes it, with what Molt reads from its metadata.
 *
 * @param uuid               Nova's server id
 * @param name               display name
 * @param projectId          owning project
 * @param host               the compute host it runs on
 * @param flavor             its flavor's allocation
 * @param state              Nova's vm_state, simplified
 * @param volumeBacked       root disk on a volume (migrates without copying disk)
 * @param specialDevices     PCI passthrough, vGPU or similar: cannot be live-migrated
 * @param policy             {@code molt:policy} from metadata
 * @param maxDowntimeMs      {@code molt:max-downtime-ms} from metadata, or null for no limit
 * @param serverGroupId      its server group, or null
 * @param dirtyRateMibPerSec measured or estimated memory dirty rate, or null if unknown
 * @param metadata           the server's metadata as Nova holds it (empty if none)
 * @param powerState         Nova's power state, e.g. {@code RUNNING}, {@code SHUTDOWN}; null if unknown
 * @param taskState          Nova's task state, e.g. {@code migrating}; null when no task runs
 */
public record Vm(
        String uuid,
        String name,
        String projectId,
        String host,
        Resources flavor,
        VmState state,
        boolean volumeBacked,
        boolean specialDevices,
        VmPolicy policy,
        Long maxDowntimeMs,
        String serverGroupId,
        Double dirtyRateMibPerSec,
        Map<String, String> metadata,
        String powerState,
        String taskState) {

    /** A VM described without Nova's metadata, power and task state. */
    public Vm(String uuid, String name, String projectId, String host, Resources flavor, VmState state,
            boolean volumeBacked, boolean specialDevices, VmPolicy policy, Long maxDowntimeMs, String serverGroupId,
            Double dirtyRateMibPerSec) {
        this(uuid, name, projectId, host, flavor, state, volumeBacked, specialDevices, policy, maxDowntimeMs,
                serverGroupId, dirtyRateMibPerSec, Map.of(), null, null);
    }

    public Vm {
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
        Objects.requireNonNull(uuid, "uuid is required");
        Objects.requireNonNull(host, "host is required");
        Objects.requireNonNull(flavor, "flavor is required");
        Objects.requireNonNull(state, "state is required");
        Objects.requireNonNull(policy, "policy is required");
        if (maxDowntimeMs != null && maxDowntimeMs < 0) {
            throw new IllegalArgumentException("maxDowntimeMs must not be negative");
        }
    }
}
