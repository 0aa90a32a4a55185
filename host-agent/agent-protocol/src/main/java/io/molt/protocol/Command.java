package io.molt.protocol;

/** What the service asks an agent to do. Every command is answered by a {@link Report.CommandResult}. */
public sealed interface Command extends Payload permits Commands.Ping, Commands.PreserveGuests,
        Commands.RunUpgrade, Commands.RestoreGuests {
}
