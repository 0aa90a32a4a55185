package io.molt.service.support;

import io.molt.service.adapter.nova.DevCloud;
import io.molt.service.adapter.nova.NovaComputeCloud;
import java.nio.file.Path;
import java.util.List;

/**
 * The dev cloud's hosts as a campaign test uses them: a real agent per host that stops and starts the host's real
 * nova-compute ({@code dev/devcloud/compute}), and afterwards every host given back running and enabled.
 */
public final class DevCloudAgents {

    private DevCloudAgents() {
    }

    /** The agent of {@code host} on the test's broker prefix, its files in {@code dir}. */
    public static AgentProcess start(String host, ServiceTestEnvironment env, Path dir) {
        String compute = DevCloud.REPO_ROOT.resolve("dev/devcloud/compute").toString();
        return AgentProcess.start(host, ServiceTestEnvironment.AMQP_URI, env.prefix(), dir, List.of(
                "nova-compute.stop-command=" + compute + " stop " + host,
                "nova-compute.start-command=" + compute + " start " + host));
    }

    /** Starts each host's nova-compute if a campaign left it stopped, and enables its service. */
    public static void restore(List<String> hosts, NovaComputeCloud nova) {
        for (String host : hosts) {
            try {
                if (!DevCloud.computeRunning(host)) {
                    DevCloud.script("compute", "start", host);
                }
                nova.enableHost(host);
            } catch (RuntimeException | AssertionError e) {
                System.err.println("could not restore " + host + ": " + e.getMessage());
            }
        }
    }
}
