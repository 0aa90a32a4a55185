package io.molt.protocol;

/** What the service asks an agent to do. Every command is answered by a {@link Report.CommandResult}. */
public sealed interface Command extends Payload permits Commands.Ping, Commands.PreserveReplace, Commands.WarmReboot,
        Commands.SuspendToDisk, Commands.Resume, Commands.KexecPrepare, Commands.InstallPreservationHook,
        Commands.PreserveGuests, Commands.RunUpgrade, Commands.RestoreGuests, Commands.RunHook {
}
