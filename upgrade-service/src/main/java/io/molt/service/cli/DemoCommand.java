package io.molt.service.cli;

import io.molt.service.adapter.simulation.SimulatedAgents;
import io.molt.service.adapter.simulation.SimulatedCloud;
import io.molt.service.adapter.simulation.SimulatedTimings;
import io.molt.service.application.campaign.CampaignService;
import io.molt.service.domain.cloud.CloudSnapshot;
import io.molt.service.domain.plan.Strategy;
import io.molt.service.domain.plan.UpgradeTarget;
import io.molt.service.domain.port.Campaigns;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.core.env.Environment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A whole rolling upgrade on one machine with nothing but Java (docs/demo.md):
 * <ol>
 *   <li>start embedded PostgreSQL and the embedded AMQP broker, then the service on the simulated cloud
 *       ({@link DemoCloud}), its log in a file under the data directory ({@link EmbeddedDemo});</li>
 *   <li>create a campaign for every host through the service ({@link DemoCampaign}), arm the chosen
 *       fault ({@link DemoFault}), approve it;</li>
 *   <li>follow it with {@link ProgressDisplay} until it is DONE ({@link CampaignFollower}); a pause is
 *       healed and resumed after {@code --resume-after}, or left to the operator ({@link DemoOperator});</li>
 *   <li>print the summary and write the timeline ({@link DemoReport}), stop everything (or keep serving
 *       with {@code --stay}).</li>
 * </ol>
 * Ctrl-C at any point stops the service, then the embedded infrastructure, and deletes the database
 * unless {@code --keep-data}.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run a whole rolling upgrade of a simulated cloud on embedded PostgreSQL and an embedded AMQP "
                + "broker: live progress, then a summary and a timeline.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:the campaign is DONE", "2:no safe plan for the demo's cloud (the violations are printed)",
            "3:the campaign ended otherwise, or the demo was interrupted",
            "64:refused input or usage (the message names the flag to fix)", "1:internal error"})
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--hosts", defaultValue = "40", description = "compute hosts, in 2 availability zones "
            + "(default: ${DEFAULT-VALUE})")
    int hosts;

    @Option(names = "--vms-per-host", defaultValue = "20", description = "VMs on each host (default: ${DEFAULT-VALUE})")
    int vmsPerHost;

    @Option(names = "--target", defaultValue = "KERNEL",
            description = "upgrade kind: USERSPACE, KERNEL or FULL_REBOOT (default: ${DEFAULT-VALUE})")
    UpgradeTarget target;

    @Option(names = "--max-down", defaultValue = "2", description = "hosts down at once (default: ${DEFAULT-VALUE})")
    int maxDown;

    @Option(names = "--legacy-share", defaultValue = "0.1", paramLabel = "SHARE", description = "share of hosts "
            + "without a preserved-memory region (legacy hosts); the others are prepared as docs/host-agent.md "
            + "says (default: ${DEFAULT-VALUE})")
    double legacyShare;

    @Option(names = "--strategy", defaultValue = "balanced", converter = StrategyConverter.class,
            description = "balanced, least-downtime, least-moved or fastest (default: ${DEFAULT-VALUE})")
    Strategy strategy;

    @Option(names = "--seed", defaultValue = "1", description = "the same seed gives the same cloud "
            + "(default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--time-scale", defaultValue = "0.004", description = "simulated durations are the cost "
            + "model's times this factor; 0.004 runs 4.5 hours of upgrades in about a minute (default: ${DEFAULT-VALUE})")
    double timeScale;

    @Option(names = "--fault", defaultValue = "NONE", description = "inject a fault so that the campaign pauses: "
            + "NONE, MIGRATION (live migrations off one host fail), SILENT_AGENT (one host's agent stops answering), "
            + "UPGRADE (one host's upgrade command fails), HOOK (one host's before-down hook fails) "
            + "(default: ${DEFAULT-VALUE})")
    DemoFault.Kind fault;

    @Option(names = "--resume-after", defaultValue = "5", paramLabel = "SECONDS", description = "after a pause, "
            + "heal the fault and resume after this many seconds; 0: heal it and wait for you to resume with curl "
            + "(default: ${DEFAULT-VALUE})")
    int resumeAfter;

    @Option(names = "--port", defaultValue = "8797", description = "API port; 0: any free one (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--data-dir", defaultValue = ".molt/demo",
            description = "embedded database, service log and timeline (default: ${DEFAULT-VALUE})")
    Path dataDir;

    @Option(names = "--keep-data", description = "keep the embedded database when stopping (default: delete it)")
    boolean keepData;

    @Option(names = "--stay", description = "keep the service and its API running after the campaign, until Ctrl-C")
    boolean stay;

    @Option(names = "--plain", description = "plain progress lines even on a terminal (no redrawing)")
    boolean plain;

    @Spec
    CommandSpec spec;

    private final AtomicBoolean stopping = new AtomicBoolean();

    @Override
    public Integer call() throws Exception {
        if (!(legacyShare >= 0 && legacyShare <= 1)) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(),
                    "--legacy-share must be between 0 and 1, not " + legacyShare);
        }
        DemoResult result = run();
        return result != null && result.succeeded() ? ExitCodes.OK : ExitCodes.CAMPAIGN_NOT_DONE;
    }

    /** Runs the demo; null when it was interrupted (Ctrl-C). */
    DemoResult run() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        EmbeddedDemo embedded = new EmbeddedDemo(dataDir, keepData);
        Thread hook = new Thread(() -> {
            if (!embedded.closed()) {
                stopping.set(true);
                out.println("\nmolt demo: stopping the service and the embedded infrastructure"
                        + (keepData ? " (keeping the data in " + dataDir + ")" : ""));
                out.flush();
                embedded.close();
            }
        }, "molt-demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            DemoResult result = demo(out, embedded);
            if (stay && result != null) {
                out.println("The API stays up: Ctrl-C stops it.");
                out.flush();
                Thread.currentThread().join();
            }
            return result;
        } catch (RuntimeException | IOException e) {
            if (stopping.get()) {
                return null;
            }
            throw e;
        } finally {
            if (!stopping.get()) {
                embedded.close();
                Runtime.getRuntime().removeShutdownHook(hook);
            }
        }
    }

    private DemoResult demo(PrintWriter out, EmbeddedDemo embedded) throws Exception {
        long t0 = System.nanoTime();
        embedded.logToFile();
        CloudSnapshot cloud = DemoCloud.generate(hosts, vmsPerHost, seed, legacyShare);
        out.printf(Locale.ROOT, "molt demo: a %s upgrade of a simulated cloud of %d hosts (2 AZs) and %d VMs; "
                + "time scale %s; fault: %s%n", target, hosts, cloud.vms().size(), timeScale, fault);
        out.println("  starting embedded PostgreSQL, the embedded AMQP broker and the service (log: "
                + embedded.log() + ")");
        out.flush();
        embedded.start(cloud, port, timeScale);
        if (stopping.get()) {
            return null;
        }
        CampaignService service = embedded.bean(CampaignService.class);
        Campaigns campaigns = embedded.bean(Campaigns.class);
        SimulatedCloud simulated = embedded.bean(SimulatedCloud.class);
        DemoCampaign demo = DemoCampaign.create(service, simulated.snapshot(), target, maxDown, strategy);
        // the port it listens on: --port 0 lets the system choose one free at the moment of binding
        String api = demo.api(Integer.parseInt(embedded.bean(Environment.class)
                .getProperty("local.server.port", Integer.toString(port))));
        out.printf(Locale.ROOT, "%nMolt is up (%.1f s). Campaign %s: %d hosts in %d waves, at most %d down at once.%n"
                        + "  watch it from another terminal (noauth: this demo's API lets anyone in):%n"
                        + "    curl -s %s | jq .%n    curl -s %s/hosts%n    curl -s '%s/events?after=0&limit=50'%n%n",
                (System.nanoTime() - t0) / 1e9, demo.id(), cloud.hosts().size(), demo.plan().waves().size(), maxDown,
                api, api, api);
        out.flush();
        DemoFault armed = DemoFault.arm(fault, campaigns.hosts(demo.id()), campaigns.vms(demo.id()), simulated,
                embedded.bean(SimulatedAgents.class), EmbeddedDemo.MAX_ATTEMPTS);
        if (fault != DemoFault.Kind.NONE) {
            out.println("fault: " + armed.describe());
        }
        service.approve(demo.id(), "molt demo");
        ProgressDisplay display = new ProgressDisplay(out, !plain && System.console() != null, Duration.ofSeconds(5));
        DemoOperator operator = new DemoOperator(service, armed, Duration.ofSeconds(resumeAfter), api, display);
        DemoObservation seen = new CampaignFollower(service, campaigns, demo.id(), timeScale, display, operator)
                .follow(stopping::get);
        if (seen == null) {
            return null;
        }
        double makespan = SimulatedMakespan.seconds(seen.hosts(), embedded.bean(SimulatedAgents.class), simulated,
                embedded.bean(SimulatedTimings.class).verify(), demo.options());
        return new DemoReport(out, embedded.dataDir(), embedded.log()).write("Molt demo: " + target + " upgrade of "
                + hosts + " hosts, campaign " + demo.id(), demo.plan(), seen, cloud, simulated.snapshot(), armed.host(),
                makespan);
    }
}
