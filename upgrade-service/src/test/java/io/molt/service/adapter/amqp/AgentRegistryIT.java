package io.molt.service.adapter.amqp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.molt.protocol.Commands;
import io.molt.protocol.Envelope;
import io.molt.protocol.MessageType;
import io.molt.protocol.ProtocolVersion;
import io.molt.service.domain.agent.AgentCommandRecord;
import io.molt.service.domain.port.AgentCommands;
import io.molt.service.domain.port.HostAgents;
import io.molt.service.support.AgentProcess;
import io.molt.service.support.ServiceTestEnvironment;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The service and real agent processes (hosts {@code a}, {@code b} and {@code hooked}) on the real RabbitMQ and
 * PostgreSQL: registration, a ping answered by the right host only, an agent going offline, and
 * {@code command.run-hook} to an agent whose config names the hooks (a /bin/sh script in a temporary directory,
 * its behaviour set by a file the test writes): the hook runs with its environment and its output comes back in
 * the result; a repeated command id is answered from the agent's ledger without running the hook again; a hook
 * cut short by an agent killed with SIGKILL runs again (attempt 2) when the agent that starts next gets the
 * command again; a hook over its timeout fails.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "molt.agents.offline-after=3s")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class AgentRegistryIT {

    private static final String HOOKED = "hooked";
    private static final ServiceTestEnvironment env = ServiceTestEnvironment.create("registry", "a", "b", HOOKED);
    private static AgentProcess agentA;
    private static AgentProcess agentB;

    @TempDir
    static Path dir;

    @Autowired
    TestRestTemplate http;
    @Autowired
    AgentCommands commands;
    @Autowired
    HostAgents agents;
    @Autowired
    io.molt.service.domain.port.Agents registry;

    private final ObjectMapper json = new ObjectMapper();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        env.register(registry);
    }

    @AfterAll
    static void stopEverything() {
        if (agentA != null) {
            agentA.close();
        }
        if (agentB != null) {
            agentB.close();
        }
        env.close();
    }

    @Test
    @Order(1)
    void bothAgentsRegisterWithTheirCapabilities() throws Exception {
        agentA = AgentProcess.start("a", ServiceTestEnvironment.AMQP_URI, env.prefix(), dir);
        agentB = AgentProcess.start("b", ServiceTestEnvironment.AMQP_URI, env.prefix(), dir);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(status("a")).as(agentA.output()).isEqualTo("online");
            assertThat(status("b")).as(agentB.output()).isEqualTo("online");
        });
        JsonNode a = get("/v1/agents/a").path("agent");
        assertThat(a.path("protocol_version").asInt()).as("the version this build speaks")
                .isEqualTo(ProtocolVersion.CURRENT);
        assertThat(a.path("agent_version").asText()).isNotBlank();
        assertThat(a.path("capabilities").path("libvirt_uri").asText()).isEqualTo("test:///default");
        assertThat(a.path("capabilities").path("free_memory_bytes").asLong()).isPositive();
        assertThat(a.path("last_heartbeat").asText()).isNotBlank();
        assertThat(registry.find("a").orElseThrow().commands()).as("as its hello listed them (v2)")
                .contains(MessageType.PING.wireName(), MessageType.RUN_HOOK.wireName());
    }

    @Test
    @Order(2)
    void aPingToAIsAnsweredByAOnly() throws Exception {
        String commandId = ping("a");

        JsonNode command = await().atMost(Duration.ofSeconds(15))
                .until(() -> get("/v1/agents/a/commands/" + commandId).path("command"),
                        c -> c.hasNonNull("outcome"));

        assertThat(command.path("outcome").asText()).isEqualTo("SUCCEEDED");
        assertThat(command.path("details").path("host").asText()).isEqualTo("a");
        assertThat(command.path("message").asText()).isEqualTo("pong from a");
        assertThat(agentB.output()).doesNotContain(commandId);
        assertThat(agentA.output()).contains(commandId);
        assertThat(http.getForEntity("/v1/agents/b/commands/" + commandId, String.class).getStatusCode())
                .isEqualTo(HttpStatus.NOT_FOUND);
    }

    @Test
    @Order(3)
    void aStoppedAgentTurnsOfflineAfterTheConfiguredSilence() throws Exception {
        agentB.close();
        long stoppedAt = System.nanoTime();

        await().atMost(Duration.ofSeconds(15)).until(() -> status("b").equals("offline"));

        assertThat(Duration.ofNanos(System.nanoTime() - stoppedAt)).isGreaterThan(Duration.ofSeconds(2));
        assertThat(status("a")).isEqualTo("online");
    }

    @Test
    @Order(4)
    void unknownHostsAndBadNamesGetClearErrors() throws Exception {
        ResponseEntity<String> unknown = http.getForEntity("/v1/agents/nowhere", String.class);
        assertThat(unknown.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND);
        assertThat(json.readTree(unknown.getBody()).path("itemNotFound").path("message").asText())
                .contains("no agent has registered for host nowhere");
        assertThat(unknown.getHeaders().getFirst("x-openstack-request-id")).startsWith("req-");

        ResponseEntity<String> bad = http.postForEntity("/v1/agents/a*b/ping", null, String.class);
        assertThat(bad.getStatusCode()).isEqualTo(HttpStatus.BAD_REQUEST);
        assertThat(json.readTree(bad.getBody()).path("badRequest").path("message").asText())
                .contains("not a valid host name");
    }

    @Test
    @Order(5)
    void theAgentRunsItsOwnHookOnceThroughACrashAndATimeout() throws Exception {
        Path hook = hookScript();
        List<String> config = List.of("hooks.before-down=" + hook + " down", "hooks.after-up=" + hook + " up",
                "hooks.timeout=PT3S");
        mode("ok");
        AgentProcess agent = AgentProcess.start(HOOKED, ServiceTestEnvironment.AMQP_URI, env.prefix(), dir, config);
        try {
            Envelope before = runHook(Commands.RunHook.BEFORE_DOWN);
            AgentCommandRecord done = answer(before, agent);
            assertThat(done.outcome()).as(done.message()).isEqualTo("SUCCEEDED");
            assertThat(done.details()).containsEntry("phase", "before-down").containsEntry("hook", hook + " down")
                    .containsEntry("exit_code", "0").containsEntry("output_tail", "maintenance down\n");
            assertThat(done.run().exitCode()).as("typed, as the v2 agent sent it and the service stored it").isZero();
            assertThat(done.run().outputTail()).isEqualTo("maintenance down\n");
            assertThat(runs()).containsExactly("down " + HOOKED + " before-down camp-h " + before.id() + " 1");

            agents.send(before); // delivered again: the ledger answers, the hook does not run
            AgentProcess first = agent;
            await().atMost(Duration.ofSeconds(15)).until(() -> first.output()
                    .contains(before.id() + " command.run-hook: SUCCEEDED (recorded result)"));
            assertThat(runs()).hasSize(1);

            mode("hang");
            Envelope after = runHook(Commands.RunHook.AFTER_UP);
            await("the after-up hook is running").atMost(Duration.ofSeconds(15)).until(() -> runs().size() == 2);
            agent.kill();
            mode("ok");
            agent = AgentProcess.start(HOOKED, ServiceTestEnvironment.AMQP_URI, env.prefix(), dir, config);
            AgentCommandRecord again = answer(after, agent);
            assertThat(again.outcome()).as(again.message()).isEqualTo("SUCCEEDED");
            assertThat(again.details()).containsEntry("attempt", "2");
            assertThat(runs()).containsExactly("down " + HOOKED + " before-down camp-h " + before.id() + " 1",
                    "up " + HOOKED + " after-up camp-h " + after.id() + " 1",
                    "up " + HOOKED + " after-up camp-h " + after.id() + " 2");

            mode("hang");
            AgentCommandRecord timedOut = answer(runHook(Commands.RunHook.BEFORE_DOWN), agent);
            assertThat(timedOut.outcome()).isEqualTo("FAILED");
            assertThat(timedOut.details()).containsEntry("timed_out", "true").containsEntry("exit_code", "-1");
            assertThat(timedOut.run().timedOut()).isTrue();
            assertThat(timedOut.message()).contains("timed out after 3 s");
        } finally {
            agent.close();
            killLeftOverSleeps();
        }
    }

    /** Appends its arguments and environment to {@code runs}; then, per the {@code mode} file, exits or hangs. */
    private static Path hookScript() throws IOException {
        Path hook = dir.resolve("molt-hook");
        Files.writeString(hook, String.join("\n", "#!/bin/sh",
                "echo \"$1 $MOLT_HOST $MOLT_PHASE $MOLT_CAMPAIGN $MOLT_COMMAND_ID $MOLT_ATTEMPT\" >> "
                        + dir.resolve("runs"),
                "if [ \"$(cat " + dir.resolve("mode") + ")\" = hang ]; then",
                "  sleep 300 & echo $! >> " + dir.resolve("sleeps") + "; wait",
                "fi",
                "echo maintenance $1", ""));
        Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwxr-xr-x"));
        return hook;
    }

    private static void mode(String mode) throws IOException {
        Files.writeString(dir.resolve("mode"), mode + "\n");
    }

    private static List<String> runs() throws IOException {
        Path runs = dir.resolve("runs");
        return Files.exists(runs) ? Files.readAllLines(runs) : List.of();
    }

    /** The sleep of the hook whose agent was killed outlives it (re-parented); the timed-out one was killed. */
    @Test
    @Order(6)
    void aHeartbeatIsOneUpdateThatNeverMovesTheTimeBackAndNeedsAHello() {
        Instant later = Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.MILLIS);

        assertThat(registry.heartbeat("a", later)).isTrue();
        assertThat(registry.heartbeat("a", later.minus(Duration.ofHours(1)))).as("an older one").isTrue();
        assertThat(registry.heartbeat("molt-it-never-said-hello", later)).isFalse();

        assertThat(registry.find("a").orElseThrow().lastHeartbeatAt()).isEqualTo(later);
        assertThat(registry.find("molt-it-never-said-hello")).isEmpty();
    }

    private static void killLeftOverSleeps() throws IOException {
        Path sleeps = dir.resolve("sleeps");
        if (Files.exists(sleeps)) {
            Files.readAllLines(sleeps).forEach(pid -> ProcessHandle.of(Long.parseLong(pid.trim()))
                    .ifPresent(ProcessHandle::destroyForcibly));
        }
    }

    /** Stores the command, then sends it, as the engine does. */
    private Envelope runHook(String phase) {
        String id = UUID.randomUUID().toString();
        Instant now = Instant.now();
        commands.save(new AgentCommandRecord(id, HOOKED, null, MessageType.RUN_HOOK.wireName(), now, null, null, null,
                null));
        Envelope command = Envelope.command(id, HOOKED, null, new Commands.RunHook(phase, "camp-h"), now);
        agents.send(command);
        return command;
    }

    private AgentCommandRecord answer(Envelope command, AgentProcess agent) {
        return await().atMost(Duration.ofSeconds(45)).until(() -> commands.find(command.id()).orElseThrow(),
                r -> {
                    assertThat(agent.isAlive()).as(agent.output()).isTrue();
                    return r.isCompleted();
                });
    }

    private String ping(String host) throws Exception {
        ResponseEntity<String> response = http.postForEntity("/v1/agents/" + host + "/ping", null, String.class);
        assertThat(response.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
        return json.readTree(response.getBody()).path("command").path("id").asText();
    }

    private String status(String host) throws Exception {
        ResponseEntity<String> response = http.getForEntity("/v1/agents/" + host, String.class);
        return response.getStatusCode().is2xxSuccessful()
                ? json.readTree(response.getBody()).path("agent").path("status").asText() : "absent";
    }

    private JsonNode get(String path) throws Exception {
        ResponseEntity<String> response = http.getForEntity(path, String.class);
        assertThat(response.getStatusCode().is2xxSuccessful()).as(path + ": " + response.getBody()).isTrue();
        return json.readTree(response.getBody());
    }
}
