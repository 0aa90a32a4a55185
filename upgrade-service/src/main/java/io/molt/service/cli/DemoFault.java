package io.molt.service.cli;

import io.molt.service.adapter.simulation.SimulatedAgents;
import io.molt.service.adapter.simulation.SimulatedCloud;
import io.molt.service.domain.campaign.CampaignHost;
import io.molt.service.domain.campaign.VmAction;
import io.molt.service.domain.plan.Action;
import java.util.Comparator;
import java.util.List;

/**
 * A fault the demo injects into the simulation so that the campaign pauses, on a host about a third of the
 * way through the campaign: every live migration off it fails, or its agent goes silent when its first
 * command (its before-down hook) arrives, so that step gets no answer, or its upgrade command fails every
 * attempt, or its before-down hook fails once (a hook's failure is not retried: it pauses at once).
 * {@link #heal()} removes the cause, as an operator would before resuming.
 */
final class DemoFault {

    enum Kind { NONE, MIGRATION, SILENT_AGENT, UPGRADE, HOOK }

    private final Kind kind;
    private final String host;
    private final SimulatedCloud cloud;
    private final SimulatedAgents agents;

    private DemoFault(Kind kind, String host, SimulatedCloud cloud, SimulatedAgents agents) {
        this.kind = kind;
        this.host = host;
        this.cloud = cloud;
        this.agents = agents;
    }

    static DemoFault arm(Kind kind, List<CampaignHost> hosts, List<VmAction> vms, SimulatedCloud cloud,
            SimulatedAgents agents, int maxAttempts) {
        List<String> order = hosts.stream().sorted(Comparator.comparingInt(CampaignHost::position))
                .map(CampaignHost::host).toList();
        List<String> candidates = kind != Kind.MIGRATION ? order : order.stream().filter(h -> vms.stream()
                .anyMatch(v -> v.sourceHost().equals(h) && v.action() == Action.LIVE_MIGRATE)).toList();
        if (kind == Kind.NONE || candidates.isEmpty()) {
            return new DemoFault(Kind.NONE, null, cloud, agents);
        }
        String host = candidates.get(candidates.size() / 3);
        if (kind == Kind.MIGRATION) {
            vms.stream().filter(v -> v.sourceHost().equals(host)).forEach(v -> cloud.failMigrationsOf(v.vmUuid()));
        } else if (kind == Kind.SILENT_AGENT) {
            agents.silenceAtNextCommand(host);
        } else if (kind == Kind.UPGRADE) {
            agents.failUpgrades(host, maxAttempts);
        } else if (kind == Kind.HOOK) {
            agents.failHooks(host, io.molt.protocol.Commands.RunHook.BEFORE_DOWN, 1);
        }
        return new DemoFault(kind, host, cloud, agents);
    }

    /** The host the fault is on, or null when there is none. */
    String host() {
        return host;
    }

    String describe() {
        return switch (kind) {
            case NONE -> "none";
            case MIGRATION -> "every live migration off " + host + " fails";
            case SILENT_AGENT -> "the agent of " + host + " goes silent when its first command (HOOK_BEFORE_DOWN)"
                    + " arrives";
            case UPGRADE -> "the upgrade command on " + host + " fails";
            case HOOK -> "the before-down hook on " + host + " fails once";
        };
    }

    /** Removes the cause: migrations work again, the agent answers again. */
    void heal() {
        cloud.healMigrations();
        if (kind == Kind.SILENT_AGENT) {
            agents.wake(host);
        }
    }
}
