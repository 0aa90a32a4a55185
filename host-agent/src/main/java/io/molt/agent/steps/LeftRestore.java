package io.molt.agent.steps;

import io.molt.agent.libvirt.DomainInfo;
import io.molt.agent.libvirt.DomainState;
import io.molt.agent.libvirt.Domains;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A restore that an agent began and did not see end (it was killed while libvirt restored the domain, or started
 * it from its managed save image). libvirt's call goes on without the agent, but its new QEMU may still wait on the
 * extra monitor ({@code wait=on}) that only the dead agent would have served: then the domain stays paused and the
 * call blocked for ever, and a new restore or start is refused (the domain is active). Found by
 * {@code AgentKilledMidStepIT} (a held guest's restore) and {@code AgentFaultsCampaignIT} (a start from a managed save).
 * <ol>
 * <li>If QEMU still listens on the extra monitor, the agent connects and sends what the dead agent would have sent
 *     (x-ignore-shared for a held guest's restore, nothing for a managed save's start): libvirt's call goes on.</li>
 * <li>It waits up to {@code timeout} for the domain to run: then the caller verifies it.</li>
 * <li>Otherwise it kills that QEMU (the kept RAM, or the save image, stays, as after a monitor timeout) and waits
 *     until libvirt has the domain shut off: the caller restores or starts again.</li>
 * </ol>
 */
final class LeftRestore {

    private static final Logger log = LoggerFactory.getLogger(LeftRestore.class);
    private static final Duration MONITOR_ANSWER = Duration.ofSeconds(2);
    private static final Duration POLL = Duration.ofMillis(50);

    private final Domains domains;
    private final Duration timeout;
    private final List<String> monitorCommands;

    /** {@code monitorCommands}: what the agent sends on the extra monitor before QEMU goes on. */
    LeftRestore(Domains domains, Duration timeout, List<String> monitorCommands) {
        this.domains = domains;
        this.timeout = timeout;
        this.monitorCommands = List.copyOf(monitorCommands);
    }

    /** Whether the domain came to run; false once its QEMU is gone and the domain is shut off. */
    boolean finish(UUID uuid, String name, Path monitorSocket) {
        boolean served = IncomingMonitor.sendIfListening(monitorSocket, monitorCommands, MONITOR_ANSWER);
        log.info("{}: a restore left by a stopped agent is under way ({}); waiting for it", name,
                served ? "its QEMU waited on the extra monitor: served" : "no QEMU waits on the extra monitor");
        if (await(uuid, DomainState.RUNNING)) {
            return true;
        }
        log.warn("{}: the restore left by a stopped agent did not finish within {}; killing its QEMU (RAM or save image kept)",
                name, timeout);
        domains.qemuPid(name).flatMap(ProcessHandle::of).ifPresent(ProcessHandle::destroyForcibly);
        if (!await(uuid, DomainState.SHUTOFF)) {
            throw new IllegalStateException(name + " is still " + state(uuid) + " " + timeout + " after its QEMU was killed");
        }
        return false;
    }

    private boolean await(UUID uuid, DomainState wanted) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (state(uuid) != wanted) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            LockSupport.parkNanos(POLL.toNanos());
        }
        return true;
    }

    private DomainState state(UUID uuid) {
        return domains.find(uuid).map(DomainInfo::state).orElse(DomainState.SHUTOFF);
    }
}
