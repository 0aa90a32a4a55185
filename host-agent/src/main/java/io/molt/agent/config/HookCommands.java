package io.molt.agent.config;

import io.molt.protocol.Commands;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The operator's hooks, as the agent's config names them ({@code hooks.before-down}, {@code hooks.after-up},
 * {@code hooks.timeout}): the service can only ask for a phase to run, never name a program (ADR 0020).
 *
 * @param beforeDown program and arguments run before the host is disabled and its guests are touched; empty: none
 * @param afterUp    program and arguments run after the guests are verified and nova-compute is re-enabled;
 *                   empty: none
 * @param timeout    a hook still running after this long is killed with every process it started
 */
public record HookCommands(List<String> beforeDown, List<String> afterUp, Duration timeout) {

    public static final HookCommands NONE = new HookCommands(List.of(), List.of(), Duration.ofMinutes(5));

    public HookCommands {
        beforeDown = List.copyOf(beforeDown);
        afterUp = List.copyOf(afterUp);
        Objects.requireNonNull(timeout, "timeout");
    }

    /** The hook of a phase ({@link Commands.RunHook#PHASES}); empty when none is configured. */
    public List<String> of(String phase) {
        return switch (phase) {
            case Commands.RunHook.BEFORE_DOWN -> beforeDown;
            case Commands.RunHook.AFTER_UP -> afterUp;
            default -> throw new IllegalArgumentException("phase must be one of " + Commands.RunHook.PHASES
                    + ", not '" + phase + "'");
        };
    }

    /** The config key that names the hook of a phase. */
    public static String keyOf(String phase) {
        return "hooks." + phase;
    }
}
