package io.molt.service.adapter.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.molt.service.application.AgentPinger;
import io.molt.service.domain.agent.AgentCommandRecord;
import io.molt.service.domain.port.AgentCommands;
import io.molt.service.domain.port.Agents;
import io.molt.service.support.AgentProcess;
import io.molt.service.support.ServiceTestEnvironment;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The broker drops the agent's connection (as it does when it restarts); the agent reconnects by
 * itself, announces itself again and answers commands. The connection is closed from the broker's
 * side with {@code rabbitmqctl close_connection}, which touches no other user of the shared broker.
 */
@SpringBootTest
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class AgentReconnectIT {

    private static final ServiceTestEnvironment env = ServiceTestEnvironment.create("reconnect", "r1");

    @TempDir
    static Path dir;

    @Autowired
    Agents agents;
    @Autowired
    AgentCommands commands;
    @Autowired
    AgentPinger pinger;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        env.register(registry);
    }

    @AfterAll
    static void cleanUp() {
        env.close();
    }

    @Test
    void anAgentWhoseConnectionTheBrokerClosedComesBackAndAnswers() throws Exception {
        try (AgentProcess agent = AgentProcess.start("r1", ServiceTestEnvironment.AMQP_URI, env.prefix(), dir)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> agents.find("r1").isPresent());
            Instant firstHello = agents.find("r1").orElseThrow().lastHelloAt();

            closeBrokerConnectionsNamed("molt-agent@r1");
            // hellos also come every twelfth heartbeat: wait for the recovery itself, then for its hello
            await("the agent recovers its connection").atMost(Duration.ofSeconds(30))
                    .until(() -> agent.output().contains("connection to the broker recovered"));

            await("agent re-announces after the broker closed its connection").atMost(Duration.ofSeconds(30))
                    .until(() -> agents.find("r1").orElseThrow().lastHelloAt().isAfter(firstHello));
            AgentCommandRecord ping = pinger.ping("r1", "after reconnect");
            AgentCommandRecord answered = await().atMost(Duration.ofSeconds(15))
                    .until(() -> commands.find(ping.id()).orElseThrow(), AgentCommandRecord::isCompleted);
            assertThat(answered.outcome()).isEqualTo("SUCCEEDED");
            assertThat(agent.output()).contains("connection to the broker recovered");
        }
    }

    private static void closeBrokerConnectionsNamed(String name) throws IOException, InterruptedException {
        Process list = new ProcessBuilder("rabbitmqctl", "-q", "list_connections", "pid", "client_properties")
                .redirectErrorStream(true).start();
        String out = new String(list.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(list.waitFor()).as(out).isZero();
        List<String> pids = out.lines().filter(line -> line.contains("\"" + name + "\""))
                .map(line -> line.split("\t")[0]).toList();
        assertThat(pids).as("connections named " + name + " in:\n" + out).isNotEmpty();
        for (String pid : pids) {
            Process close = new ProcessBuilder("rabbitmqctl", "-q", "close_connection", pid, "molt test: broker restart")
                    .redirectErrorStream(true).start();
            assertThat(close.waitFor()).isZero();
        }
    }
}
