package io.molt.agent.steps;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Stops and starts the host's nova-compute around a preservation (FACTS.md, "A real nova-compute on
 * libvirt": its power-state sync would otherwise stop a guest caught paused or gone). The commands
 * are the operator's ({@code nova-compute.stop-command}, {@code nova-compute.start-command}); both
 * must be idempotent (stopping a stopped service succeeds), as systemctl is.
 */
public final class NovaCompute {

    static final Duration TIMEOUT = Duration.ofSeconds(120);

    private final List<String> stop;
    private final List<String> start;

    public NovaCompute(List<String> stop, List<String> start) {
        this.stop = List.copyOf(stop);
        this.start = List.copyOf(start);
    }

    /** Why the agent cannot stop (or start) nova-compute, if it cannot. */
    Optional<Refusal> unset(boolean stopping) {
        List<String> command = stopping ? stop : start;
        String key = stopping ? "nova-compute.stop-command" : "nova-compute.start-command";
        return command.isEmpty() ? Optional.of(new Refusal("NOVA_COMPUTE_COMMAND_UNSET", key
                + " is not set in the agent's config: it cannot " + (stopping ? "stop" : "start")
                + " nova-compute (set it, e.g. 'systemctl " + (stopping ? "stop" : "start") + " nova-compute')"))
                : Optional.empty();
    }

    /** Stops nova-compute; empty when done, else what went wrong. */
    Optional<String> stop() {
        return run(stop);
    }

    /** Starts nova-compute; empty when done, else what went wrong. */
    Optional<String> start() {
        return run(start);
    }

    private static Optional<String> run(List<String> command) {
        OperatorCommand.Outcome outcome = OperatorCommand.run(command, TIMEOUT);
        return outcome.succeeded() ? Optional.empty()
                : Optional.of(String.join(" ", command) + " " + outcome.summary(TIMEOUT) + ": " + outcome.outputTail().trim());
    }
}
