package io.molt.service.adapter.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.molt.service.domain.port.Agents;
import io.molt.service.support.AgentProcess;
import io.molt.service.support.ServiceTestEnvironment;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A service that lost an agent's record (its database restored from a backup, or it started after the
 * agent's hello went unheard) learns the agent again without the agent restarting: agents say hello
 * again every twelfth heartbeat.
 */
@SpringBootTest
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class AgentReannounceIT {

    private static final ServiceTestEnvironment env = ServiceTestEnvironment.create("reannounce", "h1");

    @TempDir
    static Path dir;

    @Autowired
    Agents agents;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        env.register(registry);
    }

    @AfterAll
    static void cleanUp() {
        env.close();
    }

    @Test
    void anAgentForgottenByTheServiceRegistersAgainWithoutRestarting() throws Exception {
        try (AgentProcess agent = AgentProcess.start("h1", ServiceTestEnvironment.AMQP_URI, env.prefix(), dir)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> agents.find("h1").isPresent());

            try (Connection c = env.database().connect(); Statement s = c.createStatement()) {
                assertThat(s.executeUpdate("DELETE FROM agent WHERE host = 'h1'")).isEqualTo(1);
            }
            assertThat(agents.find("h1")).isEmpty();

            // heartbeats every 0.5 s: a hello again within 12 of them
            await("the agent says hello again").atMost(Duration.ofSeconds(20)).until(() -> agents.find("h1").isPresent());
            assertThat(agent.isAlive()).isTrue();
        }
    }
}
