package io.molt.service.domain.campaign;

import java.util.List;

/**
 * How a host is upgraded: the operator's command, run by the agent, and what to check afterwards.
 *
 * @param command                   program and arguments (no shell), e.g. {@code apt-get install -y qemu-system-x86}
 * @param timeoutSeconds            the agent kills the command after this long
 * @param expectedHypervisorVersion if set, verification requires Nova to report this hypervisor version
 */
public record UpgradeSpec(List<String> command, long timeoutSeconds, String expectedHypervisorVersion) {

    public UpgradeSpec {
        command = command == null ? List.of() : List.copyOf(command);
        if (command.isEmpty() || command.get(0).isBlank()) {
            throw new IllegalArgumentException("upgrade.command must name the program the agent runs, e.g. "
                    + "[\"/usr/local/sbin/upgrade-hypervisor\", \"--yes\"]");
        }
        if (timeoutSeconds <= 0) {
            throw new IllegalArgumentException("upgrade.timeout_seconds must be positive");
        }
    }
}
