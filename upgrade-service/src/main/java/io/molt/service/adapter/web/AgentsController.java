package io.molt.service.adapter.web;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.molt.protocol.HostCapabilities;
import io.molt.protocol.HostNames;
import io.molt.service.application.AgentPinger;
import io.molt.service.domain.agent.AgentCommandRecord;
import io.molt.service.domain.agent.AgentRecord;
import io.molt.service.domain.cloud.MeasuredKexec;
import io.molt.service.domain.port.AgentCommands;
import io.molt.service.domain.port.Agents;
import io.molt.service.domain.port.KernelBoots;
import io.molt.service.settings.MoltProperties;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.media.Schema.RequiredMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** {@code /v1/agents}: the host agents the service knows, whether they are online, and a ping. */
@RestController
@RequestMapping("/v1/agents")
class AgentsController {

    record AgentView(String host, String agentVersion, int protocolVersion,
                     @Schema(allowableValues = {"online", "offline"}) String status, Instant lastHeartbeat,
                     Instant lastHello, Instant firstSeen, HostCapabilities capabilities,
                     @Schema(description = "what the host's own kernel upgrades took, as its agent measured them: the "
                             + "medians of its newest five, which the planner uses in place of kexec_seconds and a "
                             + "preserved guest's return (docs/cost-model.md); absent when it has none")
                     MeasuredKexecView measuredKexec) {
    }

    /** A host's measured kernel upgrades ({@link MeasuredKexec}), in the API's words. */
    record MeasuredKexecView(double kexecSeconds, Double restoreSeconds, int upgrades, String source) {

        static MeasuredKexecView of(MeasuredKexec m) {
            return m == null ? null : new MeasuredKexecView(m.kexecSeconds(), m.restoreSeconds(), m.upgrades(),
                    m.describe());
        }
    }

    /** {@code issued_at} named explicitly: the OpenAPI model reader takes an "is" prefix for a boolean's. */
    record CommandView(String id, String host, String type, @JsonProperty("issued_at") Instant issuedAt,
                       String outcome, String message,
                       Map<String, String> details, Instant completedAt) {

        static CommandView of(AgentCommandRecord c) {
            return new CommandView(c.id(), c.host(), c.type(), c.issuedAt(), c.outcome(), c.message(), c.details(),
                    c.completedAt());
        }
    }

    record PingRequest(@Schema(description = "a note the agent sends back with its answer") String note) {
    }

    /** {@code {"agents": [...]}}. */
    record AgentList(@Schema(requiredMode = RequiredMode.REQUIRED) List<AgentView> agents) {
    }

    /** {@code {"agent": {...}}}. */
    record OneAgent(@Schema(requiredMode = RequiredMode.REQUIRED) AgentView agent) {
    }

    /** {@code {"command": {...}}}. */
    record OneCommand(@Schema(requiredMode = RequiredMode.REQUIRED) CommandView command) {
    }

    static final String HOST_EXAMPLE = "compute-00000";

    private final Agents agents;
    private final AgentCommands commands;
    private final AgentPinger pinger;
    private final KernelBoots kernelBoots;
    private final Duration offlineAfter;
    private final Clock clock;

    AgentsController(Agents agents, AgentCommands commands, AgentPinger pinger, KernelBoots kernelBoots,
                     MoltProperties properties, Clock clock) {
        this.agents = agents;
        this.kernelBoots = kernelBoots;
        this.commands = commands;
        this.pinger = pinger;
        this.offlineAfter = properties.agents().offlineAfter();
        this.clock = clock;
    }

    @GetMapping
    AgentList list() {
        Instant now = clock.instant();
        Map<String, MeasuredKexec> measured = kernelBoots.measured();
        return new AgentList(agents.all().stream().map(a -> view(a, measured.get(a.host()), now)).toList());
    }

    @GetMapping("/{host}")
    @ApiFaults({400, 404})
    OneAgent show(@Parameter(example = HOST_EXAMPLE) @PathVariable String host) {
        return new OneAgent(view(find(host), kernelBoots.measured(host).orElse(null), clock.instant()));
    }

    @PostMapping("/{host}/ping")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @ApiFaults({400, 404, 413, 415})
    OneCommand ping(@Parameter(example = HOST_EXAMPLE) @PathVariable String host,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                    mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = PingRequest.class),
                    examples = @ExampleObject(name = "note", value = "{\"note\": \"before the kernel campaign\"}")))
            @RequestBody(required = false) PingRequest request) {
        find(host);
        return new OneCommand(CommandView.of(pinger.ping(host, request == null ? null : request.note())));
    }

    @GetMapping("/{host}/commands/{id}")
    @ApiFaults(404)
    OneCommand command(@Parameter(example = HOST_EXAMPLE) @PathVariable String host,
            @Parameter(example = "5b9d2f7e-0c4a-4e1b-8f3d-6a2c9e1b7d40") @PathVariable String id) {
        return commands.find(id).filter(c -> c.host().equals(host)).map(c -> new OneCommand(CommandView.of(c)))
                .orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND,
                        "command " + id + " of host " + host + " does not exist"));
    }

    private AgentRecord find(String host) {
        if (!HostNames.isValid(host)) {
            throw new ApiException(HttpStatus.BAD_REQUEST, "'" + host + "' is not a valid host name: use letters,"
                    + " digits, '.', '-' or '_'");
        }
        return agents.find(host).orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND,
                "no agent has registered for host " + host + "; is molt-agent running there?"));
    }

    private AgentView view(AgentRecord a, MeasuredKexec measured, Instant now) {
        return new AgentView(a.host(), a.agentVersion(), a.protocolVersion(),
                a.isOnline(now, offlineAfter) ? "online" : "offline", a.lastHeartbeatAt(), a.lastHelloAt(),
                a.firstSeenAt(), a.capabilities(), MeasuredKexecView.of(measured));
    }
}
