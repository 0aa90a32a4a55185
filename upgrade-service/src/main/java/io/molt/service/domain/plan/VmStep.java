package io.molt.service.domain.plan;

/**
 * What happens to one VM when the host it is on goes down. A VM that had to be moved to a host that is
 * upgraded later has a second step there.
 *
 * @param vmUuid          the VM
 * @param action          its action
 * @param destination     the migration destination, or null
 * @param downtimeSeconds predicted downtime of this step
 * @param movedMib        data sent over the network by this step
 * @param reason          why this action
 */
public record VmStep(String vmUuid, Action action, String destination, double downtimeSeconds, double movedMib,
        Reason reason) {
}
