package io.molt.service.cli;

import io.molt.service.UpgradeServiceApplication;
import io.molt.service.embedded.EmbeddedInfrastructure;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs Molt on a machine with nothing but Java: embedded PostgreSQL and AMQP broker, the service, and
 * one agent for this machine in its own process. Ctrl-C stops all of it.
 */
@Command(name = "demo", description = "Run Molt locally on embedded PostgreSQL and an embedded AMQP broker, "
        + "with an agent for this machine.")
final class DemoCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "8779", description = "API port (default: ${DEFAULT-VALUE})")
    int port;

    @Option(names = "--data-dir", defaultValue = ".molt/demo",
            description = "where the embedded database lives (default: ${DEFAULT-VALUE})")
    Path dataDir;

    @Option(names = "--keep-data", description = "keep the embedded database when stopping (default: delete it)")
    boolean keepData;

    @Override
    public Integer call() throws Exception {
        long t0 = System.nanoTime();
        EmbeddedInfrastructure infra = EmbeddedInfrastructure.start(dataDir, keepData);
        SpringApplication app = new SpringApplication(UpgradeServiceApplication.class);
        app.setRegisterShutdownHook(false);
        ConfigurableApplicationContext context = app.run(
                "--server.port=" + port,
                "--spring.datasource.url=" + infra.jdbcUrl(),
                "--spring.datasource.username=" + infra.jdbcUser(),
                "--spring.rabbitmq.host=" + infra.amqpHost(),
                "--spring.rabbitmq.port=" + infra.amqpPort(),
                "--spring.rabbitmq.username=" + infra.amqpUser(),
                "--spring.rabbitmq.password=" + infra.amqpPassword(),
                "--molt.agents.offline-after=10s",
                "--molt.auth.mode=noauth",
                "--logging.level.qpid.message=WARN",
                "--logging.level.org.apache.qpid.server.configuration.updater=OFF");
        LocalAgent agent = LocalAgent.start(infra, dataDir);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nmolt demo: stopping the service, the agent and the embedded infrastructure");
            agent.close();
            context.close();
            if (!keepData) {
                agent.deleteState();
            }
            infra.close();
        }, "molt-demo-shutdown"));
        String api = "http://127.0.0.1:" + port;
        System.out.printf("%nMolt is running (started in %.1f s).%n"
                        + "  API:     %s/v1/agents   (agent %s registers within a few seconds)%n"
                        + "  ping:    curl -X POST %s/v1/agents/%s/ping%n"
                        + "  health:  %s/actuator/health/readiness    metrics: %s/actuator/prometheus%n"
                        + "  agent log: %s%n"
                        + "Press Ctrl-C to stop.%n",
                (System.nanoTime() - t0) / 1e9, api, agent.host(), api, agent.host(), api, api, agent.log());
        return 0;
    }
}
