package io.molt.protocol;

/** The commands an agent carries out. */
public final class Commands {

    private Commands() {
    }

    /** Asks the agent to answer; proves the command path end to end. */
    public record Ping(String note) implements Command {
    }
}
