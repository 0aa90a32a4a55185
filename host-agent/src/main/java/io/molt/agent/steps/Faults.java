package io.molt.agent.steps;

/**
 * Named points inside a step where tests inject a fault (kill a process, throw as if the agent
 * crashed). Production code runs with {@link #NONE}.
 */
@FunctionalInterface
public interface Faults {

    Faults NONE = point -> { };

    /** Points: {@code before-save}, {@code after-save}, {@code incoming-ready} (new QEMU waits for migration). */
    void at(String point);
}
