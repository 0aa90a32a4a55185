package io.molt.protocol;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The wire name of every payload type. Names never change once released; new ones may be added. */
public enum MessageType {
    PING("command.ping", Commands.Ping.class),
    PRESERVE_REPLACE("command.preserve-replace", Commands.PreserveReplace.class),
    WARM_REBOOT("command.warm-reboot", Commands.WarmReboot.class),
    SUSPEND_TO_DISK("command.suspend-to-disk", Commands.SuspendToDisk.class),
    RESUME("command.resume", Commands.Resume.class),
    KEXEC_PREPARE("command.kexec-prepare", Commands.KexecPrepare.class),
    INSTALL_PRESERVATION_HOOK("command.install-preservation-hook", Commands.InstallPreservationHook.class),
    PRESERVE_GUESTS("command.preserve-guests", Commands.PreserveGuests.class),
    RUN_UPGRADE("command.run-upgrade", Commands.RunUpgrade.class),
    RESTORE_GUESTS("command.restore-guests", Commands.RestoreGuests.class),
    RUN_HOOK("command.run-hook", Commands.RunHook.class),
    AGENT_HELLO("report.hello", Report.AgentHello.class),
    HEARTBEAT("report.heartbeat", Report.Heartbeat.class),
    COMMAND_PROGRESS("report.progress", Report.CommandProgress.class),
    COMMAND_RESULT("report.result", Report.CommandResult.class);

    private static final Map<String, MessageType> BY_WIRE_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(MessageType::wireName, Function.identity()));
    private static final Map<Class<?>, MessageType> BY_CLASS = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(MessageType::payloadClass, Function.identity()));

    private final String wireName;
    private final Class<? extends Payload> payloadClass;

    MessageType(String wireName, Class<? extends Payload> payloadClass) {
        this.wireName = wireName;
        this.payloadClass = payloadClass;
    }

    public String wireName() {
        return wireName;
    }

    public Class<? extends Payload> payloadClass() {
        return payloadClass;
    }

    public boolean isCommand() {
        return Command.class.isAssignableFrom(payloadClass);
    }

    public static Optional<MessageType> fromWireName(String wireName) {
        return Optional.ofNullable(BY_WIRE_NAME.get(wireName));
    }

    /** The type whose payload is of this class (a command handler's, say). */
    public static Optional<MessageType> ofPayloadClass(Class<?> payloadClass) {
        return Optional.ofNullable(BY_CLASS.get(payloadClass));
    }

    public static MessageType of(Payload payload) {
        MessageType type = BY_CLASS.get(payload.getClass());
        if (type == null) {
            throw new IllegalStateException("no wire name registered for " + payload.getClass().getName());
        }
        return type;
    }
}
