package io.molt.service.cli;

import io.molt.service.adapter.simulation.SimulatedAgents;
import io.molt.service.adapter.simulation.SimulatedCloud;
import io.molt.service.domain.campaign.CampaignHost;
import io.molt.service.domain.plan.CampaignOptions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The demo's makespan on the simulation's clocks, as its downtimes are counted: the engine's own pace between
 * two steps (its tick, database transactions, a message's round trip, a busy machine), which the time scale
 * magnifies 250-fold in the demo, is no simulated time.
 * <ol>
 *   <li>Each host's simulated time is what its simulated agent spent on its commands (the package install,
 *       the take-downs and returns of its guests, its agent's lanes, the kexec or reboot), plus its completed
 *       live migrations (the cost model's pre-copy time each, shared by the migrations the campaign runs at
 *       once per host), plus its VERIFY step (Nova's report interval: the simulated Nova answers at once).</li>
 *   <li>The engine works on one wave at a time, so a wave takes its slowest host, or its migrations shared
 *       by the campaign-wide limit when that is slower.</li>
 *   <li>The makespan is the sum of the waves.</li>
 * </ol>
 */
final class SimulatedMakespan {

    private SimulatedMakespan() {
    }

    /** Simulated seconds of the hosts' steps, wave after wave. */
    static double seconds(List<CampaignHost> hosts, SimulatedAgents agents, SimulatedCloud cloud, Duration verify,
            CampaignOptions options) {
        Map<Integer, double[]> waves = new TreeMap<>(); // wave -> {slowest host, migration seconds}
        for (CampaignHost host : hosts) {
            double migrations = cloud.simulatedMigrationTime(host.host()).toNanos() / 1e9;
            double verified = host.upgraded() ? verify.toNanos() / 1e9 : 0;
            double seconds = agents.simulatedTime(host.host()).toNanos() / 1e9
                    + migrations / Math.max(1, options.maxMigrationsPerHost()) + verified;
            double[] wave = waves.computeIfAbsent(host.wave(), w -> new double[2]);
            wave[0] = Math.max(wave[0], seconds);
            wave[1] += migrations;
        }
        double total = 0;
        for (double[] wave : waves.values()) {
            total += options.maxMigrationsTotal() > 0 ? Math.max(wave[0], wave[1] / options.maxMigrationsTotal())
                    : wave[0];
        }
        return total;
    }
}
