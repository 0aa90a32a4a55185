package io.molt.agent.commands;

import io.molt.protocol.Command;
import io.molt.protocol.MessageType;
import io.molt.protocol.ProtocolViolation;
import io.molt.protocol.Report;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each command to its handler, exactly once per command id as far as the agent can tell: a
 * command whose result is in the ledger is answered from the ledger (marked duplicate).
 */
public final class CommandDispatcher {

    private static final Logger log = LoggerFactory.getLogger(CommandDispatcher.class);

    private final Map<Class<?>, CommandHandler<?>> handlers = new HashMap<>();
    private final CommandLedger ledger;

    public CommandDispatcher(CommandLedger ledger, List<CommandHandler<?>> handlers) {
        this.ledger = ledger;
        handlers.forEach(h -> this.handlers.put(h.commandType(), h));
    }

    public Report.CommandResult dispatch(String commandId, Command command, ProgressSink progress) {
        var recorded = ledger.recorded(commandId);
        if (recorded.isPresent()) {
            log.info("command {} ({}) was already carried out: answering with the recorded result",
                    commandId, command.getClass().getSimpleName());
            return recorded.get().asDuplicate();
        }
        Report.CommandResult result = run(commandId, command, progress);
        ledger.record(result);
        return result;
    }

    /** The wire names of the commands this agent carries out, as its hello announces them (protocol v2). */
    public List<String> commands() {
        return handlers.keySet().stream().map(MessageType::ofPayloadClass).flatMap(java.util.Optional::stream)
                .map(MessageType::wireName).sorted().toList();
    }

    /**
     * Answers a command whose payload could not be read (an action or target this build does not know, a
     * missing field): REFUSED with the violation's code, recorded like any result so that a repeated delivery
     * gets the same answer, and so the service learns at once rather than after its timeout.
     */
    public Report.CommandResult refuse(String commandId, ProtocolViolation violation) {
        var recorded = ledger.recorded(commandId);
        if (recorded.isPresent()) {
            return recorded.get().asDuplicate();
        }
        Report.CommandResult refused = new Report.CommandResult(commandId, Report.Outcome.REFUSED,
                violation.refusalCode() + ": " + violation.getMessage(), Map.of("refusals", violation.refusalCode()),
                false);
        ledger.record(refused);
        return refused;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Report.CommandResult run(String commandId, Command command, ProgressSink progress) {
        CommandHandler handler = handlers.get(command.getClass());
        if (handler == null) {
            return new Report.CommandResult(commandId, Report.Outcome.REFUSED,
                    "this agent has no handler for " + command.getClass().getSimpleName(), Map.of(), false);
        }
        try {
            return handler.handle(commandId, command, progress);
        } catch (HostGoingDown down) {
            throw down;
        } catch (RuntimeException e) {
            log.error("command {} failed unexpectedly", commandId, e);
            return new Report.CommandResult(commandId, Report.Outcome.FAILED,
                    "unexpected error: " + e, Map.of(), false);
        }
    }
}
