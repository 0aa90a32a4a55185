package io.molt.service.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import io.molt.service.UpgradeServiceApplication;
import io.molt.service.adapter.simulation.SimulatedAgents;
import io.molt.service.adapter.simulation.SimulatedCloud;
import io.molt.service.application.campaign.CampaignRequest;
import io.molt.service.application.campaign.CampaignService;
import io.molt.service.domain.campaign.Campaign;
import io.molt.service.domain.campaign.CampaignEvent;
import io.molt.service.domain.campaign.CampaignState;
import io.molt.service.domain.campaign.HostSelector;
import io.molt.service.domain.campaign.UpgradeSpec;
import io.molt.service.domain.cloud.CloudSnapshot;
import io.molt.service.domain.cloud.Host;
import io.molt.service.domain.plan.CampaignOptions;
import io.molt.service.domain.plan.Plan;
import io.molt.service.domain.plan.PlanOutcome;
import io.molt.service.domain.plan.UpgradePlanner;
import io.molt.service.domain.plan.UpgradeTarget;
import io.molt.service.domain.port.Campaigns;
import io.molt.service.embedded.EmbeddedInfrastructure;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A whole rolling upgrade on one machine with nothing but Java (docs/demo.md):
 * <ol>
 *   <li>start embedded PostgreSQL and the embedded AMQP broker, then the service on the simulated cloud
 *       ({@link DemoCloud}), its log in a file under the data directory;</li>
 *   <li>create a campaign for every host through the service's {@link CampaignService} (snapshot, plan,
 *       stored as a dry run), arm the chosen fault, approve it;</li>
 *   <li>follow it with {@link ProgressDisplay} until it is DONE (a pause is healed and resumed after
 *       {@code --resume-after}, or left to the operator);</li>
 *   <li>print {@link DemoSummary}, write {@link TimelineHtml}, stop everything (or keep serving with
 *       {@code --stay}).</li>
 * </ol>
 * Ctrl-C at any point stops the service, then the embedded infrastructure, and deletes the database
 * unless {@code --keep-data}.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run a whole rolling upgrade of a simulated cloud on embedded PostgreSQL and an embedded AMQP "
                + "broker: live progress, then a summary and a timeline.")
final class DemoCommand implements Callable<Integer> {

    /** How the demo ended: the campaign's final state and whether every VM is accounted for. */
    record Result(CampaignState state, boolean everyVmAccountedFor, int vms, Path timeline) {
        boolean succeeded() {
            return state == CampaignState.DONE && everyVmAccountedFor;
        }
    }

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

    @Option(names = "--seed", defaultValue = "1", description = "the same seed gives the same cloud "
            + "(default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--time-scale", defaultValue = "0.004", description = "simulated durations are the cost "
            + "model's times this factor; 0.004 runs 4.5 hours of upgrades in about a minute (default: ${DEFAULT-VALUE})")
    double timeScale;

    @Option(names = "--fault", defaultValue = "NONE", description = "inject a fault so that the campaign pauses: "
            + "NONE, MIGRATION (live migrations off one host fail), SILENT_AGENT (one host's agent stops answering), "
            + "UPGRADE (one host's upgrade command fails) (default: ${DEFAULT-VALUE})")
    DemoFault.Kind fault;

    @Option(names = "--resume-after", defaultValue = "5", paramLabel = "SECONDS", description = "after a pause, "
            + "heal the fault and resume after this many seconds; 0: heal it and wait for you to resume with curl "
            + "(default: ${DEFAULT-VALUE})")
    int resumeAfter;

    @Option(names = "--port", defaultValue = "8779", description = "API port (default: ${DEFAULT-VALUE})")
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
    private final AtomicBoolean stopped = new AtomicBoolean();
    private volatile EmbeddedInfrastructure infra;
    private volatile ConfigurableApplicationContext context;

    @Override
    public Integer call() throws Exception {
        Result result = run();
        return result != null && result.succeeded() ? 0 : 1;
    }

    /** Runs the demo; null when it was interrupted (Ctrl-C). */
    Result run() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Thread hook = new Thread(() -> {
            if (!stopped.get()) {
                stopping.set(true);
                out.println("\nmolt demo: stopping the service and the embedded infrastructure"
                        + (keepData ? " (keeping the data in " + dataDir + ")" : ""));
                out.flush();
                stop();
            }
        }, "molt-demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            Result result = demo(out);
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
                stop();
                Runtime.getRuntime().removeShutdownHook(hook);
            }
        }
    }

    private Result demo(PrintWriter out) throws Exception {
        long t0 = System.nanoTime();
        Path data = dataDir.toAbsolutePath();
        Files.createDirectories(data);
        Path log = data.resolve("molt.log");
        Files.deleteIfExists(log);
        logToFile(log);
        CloudSnapshot cloud = DemoCloud.generate(hosts, vmsPerHost, seed);
        out.printf(Locale.ROOT, "molt demo: a %s upgrade of a simulated cloud of %d hosts (2 AZs) and %d VMs; "
                + "time scale %s; fault: %s%n", target, hosts, cloud.vms().size(), timeScale, fault);
        out.println("  starting embedded PostgreSQL, the embedded AMQP broker and the service (log: " + log + ")");
        out.flush();
        infra = EmbeddedInfrastructure.start(data, keepData);
        context = startService(cloud, log);
        if (stopping.get()) {
            return null;
        }
        CampaignService service = context.getBean(CampaignService.class);
        Campaigns campaigns = context.getBean(Campaigns.class);
        CampaignOptions options = CampaignOptions.builder().maxHostsDown(maxDown, maxDown, maxDown).build();
        List<String> names = cloud.hosts().stream().map(Host::name).toList();
        CloudSnapshot before = context.getBean(SimulatedCloud.class).snapshot();
        Campaign campaign = service.create(new CampaignRequest("demo: " + target.name().toLowerCase(Locale.ROOT)
                + " upgrade", new HostSelector(names, null, null), target, new UpgradeSpec(List.of("apt-get",
                "install", "-y", "linux-image-amd64", "qemu-system-x86"), 1800, null), options, "molt demo"));
        Plan plan = ((PlanOutcome.Planned) new UpgradePlanner().plan(before, target,
                options.toBuilder().hosts(Set.copyOf(names)).build())).plan();
        String api = "http://127.0.0.1:" + port + "/v1/campaigns/" + campaign.id();
        out.printf(Locale.ROOT, "%nMolt is up (%.1f s). Campaign %s: %d hosts in %d waves, at most %d down at once.%n"
                        + "  watch it from another terminal (noauth: this demo's API lets anyone in):%n"
                        + "    curl -s %s | jq .%n    curl -s %s/hosts%n    curl -s '%s/events?after=0&limit=50'%n%n",
                (System.nanoTime() - t0) / 1e9, campaign.id(), names.size(), plan.waves().size(), maxDown, api, api,
                api);
        out.flush();
        DemoFault armed = DemoFault.arm(fault, campaigns.hosts(campaign.id()), campaigns.vms(campaign.id()),
                context.getBean(SimulatedCloud.class), context.getBean(SimulatedAgents.class), MAX_ATTEMPTS);
        if (fault != DemoFault.Kind.NONE) {
            out.println("fault: " + armed.describe());
        }
        service.approve(campaign.id(), "molt demo");
        DemoObservation seen = follow(out, service, campaigns, campaign.id(), armed, api);
        if (seen == null) {
            return null;
        }
        Instant end = seen.events().isEmpty() ? Instant.now() : seen.events().get(seen.events().size() - 1).occurredAt();
        DemoSummary summary = DemoSummary.of(plan, seen, cloud, context.getBean(SimulatedCloud.class).snapshot(), end);
        StringWriter table = new StringWriter();
        summary.print(new PrintWriter(table));
        out.printf(Locale.ROOT, "%nCampaign %s after %d s of wall time (%s of simulated time running).%n",
                seen.campaign().state(), Duration.between(seen.started(), end).toSeconds(),
                PlanReport.hours(summary.makespanSeconds()));
        out.print(table);
        Path timeline = data.resolve("timeline.html");
        TimelineHtml.write(timeline, "Molt demo: " + target + " upgrade of " + hosts + " hosts, campaign "
                + campaign.id(), table.toString(), seen, end);
        out.println("Timeline: file://" + timeline + "     service log: " + log);
        out.flush();
        return new Result(seen.campaign().state(), summary.everyVmAccountedFor(), cloud.vms().size(), timeline);
    }

    private static final int MAX_ATTEMPTS = 2;
    private static final int MAX_AUTO_RESUMES = 3;

    private ConfigurableApplicationContext startService(CloudSnapshot cloud, Path log) {
        SpringApplication app = new SpringApplication(UpgradeServiceApplication.class);
        app.setRegisterShutdownHook(false);
        app.addInitializers(ctx -> ctx.getBeanFactory().registerSingleton("demoCloud", cloud));
        long agentTimeoutMs = Math.max(3000, Math.round(600_000 * timeScale));
        return app.run(
                "--server.port=" + port,
                "--spring.main.banner-mode=off",
                "--logging.file.name=" + log,
                "--logging.threshold.console=OFF",
                "--spring.datasource.url=" + infra.jdbcUrl(),
                "--spring.datasource.username=" + infra.jdbcUser(),
                "--spring.rabbitmq.host=" + infra.amqpHost(),
                "--spring.rabbitmq.port=" + infra.amqpPort(),
                "--spring.rabbitmq.username=" + infra.amqpUser(),
                "--spring.rabbitmq.password=" + infra.amqpPassword(),
                "--molt.auth.mode=noauth",
                "--molt.simulation.enabled=true",
                "--molt.simulation.time-scale=" + timeScale,
                "--molt.simulation.heartbeat=1s",
                "--molt.agents.offline-after=4s",
                "--molt.engine.tick=50ms",
                "--molt.engine.max-attempts=" + MAX_ATTEMPTS,
                "--molt.engine.agent-step-timeout=" + agentTimeoutMs + "ms",
                "--logging.level.qpid.message=WARN",
                "--logging.level.org.apache.qpid.server.configuration.updater=OFF");
    }

    /** Polls the campaign and shows it until it ends; heals and resumes after a pause. Null if interrupted. */
    private DemoObservation follow(PrintWriter out, CampaignService service, Campaigns campaigns, String id,
            DemoFault armed, String api) throws InterruptedException {
        ProgressDisplay display = new ProgressDisplay(out, !plain && System.console() != null, Duration.ofSeconds(5));
        List<CampaignEvent> events = new ArrayList<>();
        Instant resumeAt = null;
        boolean pauseSeen = false;
        int autoResumes = 0;
        while (!stopping.get()) {
            Campaign campaign = service.find(id);
            List<CampaignEvent> more;
            do {
                more = campaigns.events(id, events.isEmpty() ? 0 : events.get(events.size() - 1).id(), 1000);
                events.addAll(more);
            } while (more.size() == 1000);
            DemoObservation seen = new DemoObservation(campaign, campaigns.hosts(id), campaigns.vms(id),
                    List.copyOf(events), timeScale);
            armed.watch(seen.hosts());
            Instant now = Instant.now();
            String note = null;
            if (campaign.state() == CampaignState.PAUSED) {
                if (!pauseSeen) {
                    pauseSeen = true;
                    display.message("PAUSED: " + campaign.stateReason());
                    armed.heal();
                    if (resumeAfter > 0 && autoResumes++ < MAX_AUTO_RESUMES) {
                        resumeAt = now.plusSeconds(resumeAfter);
                    } else {
                        display.message("Fix the cause, then resume: curl -X POST " + api + "/resume");
                    }
                }
                if (resumeAt != null && !now.isBefore(resumeAt)) {
                    service.resume(id, "molt demo");
                    display.message("resumed (as: curl -X POST " + api + "/resume)");
                    resumeAt = null;
                    pauseSeen = false;
                } else if (resumeAt != null) {
                    note = String.format(Locale.ROOT, "paused; the fault is healed, resuming in %d s",
                            Duration.between(now, resumeAt).toSeconds() + 1);
                } else {
                    note = "paused; resume with: curl -X POST " + api + "/resume";
                }
            } else {
                pauseSeen = false;
            }
            display.show(seen, now, note);
            if (campaign.state().isFinal()) {
                display.finish();
                return seen;
            }
            Thread.sleep(display.ansi() ? 250 : 500);
        }
        return null;
    }

    /** Stops the service, then the embedded infrastructure (deleting the data unless kept); once. */
    private void stop() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> LoggerFactory.getLogger(DemoCommand.class)
                .warn("{} ended while the demo stopped: {}", thread.getName(), e.toString()));
        if (context != null) {
            context.close();
        }
        if (infra != null) {
            infra.close();
        }
    }

    /** Until Spring configures logging, send everything (the broker's start-up too) to the log file. */
    private static void logToFile(Path file) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext logback)) {
            return;
        }
        logback.reset();
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(logback);
        encoder.setPattern("%d{HH:mm:ss.SSS} %5p [%t] %logger{36}: %msg%n");
        encoder.start();
        FileAppender<ILoggingEvent> appender = new FileAppender<>();
        appender.setContext(logback);
        appender.setFile(file.toString());
        appender.setEncoder(encoder);
        appender.start();
        ch.qos.logback.classic.Logger root = logback.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(appender);
        logback.getLogger("qpid.message").setLevel(Level.WARN);
    }
}
