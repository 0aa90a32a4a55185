package io.molt.agent.config;

import io.molt.protocol.HostNames;
import io.molt.protocol.Topology;
import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

/**
 * The agent's whole configuration, read from one properties file. Every key is listed in
 * {@link AgentConfigKey} with its default; an unknown key or a bad value stops the agent at once with a
 * message that names the key.
 *
 * @param host                 Nova's name for this compute host
 * @param amqpUri              broker URI, {@code amqp://user:password@host:port/vhost}
 * @param amqpCaFile           CA certificates an {@code amqps://} broker's certificate must chain to, or null
 *                             for the JVM's default trust store
 * @param topology             AMQP names (prefix)
 * @param heartbeatInterval    how often the agent says it is alive
 * @param libvirtUri           libvirt connection URI
 * @param stateDir             where the journal and the command ledger live (must survive a kexec)
 * @param preservedMemoryDevice block device of the region that survives a kexec, or null for none
 * @param kexecExecuteAllowed  whether the agent may kexec after a KERNEL upgrade (never on shared test machines)
 * @param kexecCommand         what kexecs into the staged kernel
 * @param rebootAllowed        whether the agent may reboot the host after a FULL_REBOOT upgrade
 * @param rebootCommand        what reboots the host
 * @param qemuConf             libvirt's qemu.conf
 * @param libvirtHook          libvirt's qemu hook
 * @param libvirtRestartCommand command that restarts libvirtd
 * @param monitorDir           sockets of restored domains' extra QMP monitor
 * @param novaComputeStop      command that stops nova-compute; empty when not configured
 * @param novaComputeStart     command that starts nova-compute; empty when not configured
 * @param guestShutdownTimeout grace of a clean guest shutdown (COLD_RESTART) before power off
 * @param guestsAtOnce         how many guests the campaign steps take down, and bring back, at the same time
 * @param hooks                the operator's commands before a host goes down and after it is back
 */
public record AgentConfig(
        String host,
        URI amqpUri,
        Path amqpCaFile,
        Topology topology,
        Duration heartbeatInterval,
        String libvirtUri,
        Path stateDir,
        Path preservedMemoryDevice,
        boolean kexecExecuteAllowed,
        java.util.List<String> kexecCommand,
        boolean rebootAllowed,
        java.util.List<String> rebootCommand,
        Path qemuConf,
        Path libvirtHook,
        java.util.List<String> libvirtRestartCommand,
        Path monitorDir,
        java.util.List<String> novaComputeStop,
        java.util.List<String> novaComputeStart,
        Duration guestShutdownTimeout,
        int guestsAtOnce,
        HookCommands hooks) {

    public static AgentConfig load(Path file) throws InvalidConfigException {
        if (!Files.isRegularFile(file)) {
            throw new InvalidConfigException("config file " + file + " does not exist or is not a file");
        }
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            props.load(reader);
        } catch (IOException e) {
            throw new InvalidConfigException("cannot read config file " + file + ": " + e.getMessage());
        }
        return from(props, file.toString());
    }

    public static AgentConfig from(Properties props, String source) throws InvalidConfigException {
        Set<String> unknown = new TreeSet<>(props.stringPropertyNames());
        unknown.removeAll(AgentConfigKey.names());
        if (!unknown.isEmpty()) {
            throw new InvalidConfigException(source + ": unknown key(s) " + unknown + "; known keys: "
                    + AgentConfigKey.names());
        }
        ConfigReader read = new ConfigReader(props, source);
        String host = read.text(AgentConfigKey.HOST);
        if (!HostNames.isValid(host)) {
            throw read.invalid(AgentConfigKey.HOST, host, "letters, digits, '.', '-' or '_', starting with a letter or digit");
        }
        return new AgentConfig(
                host,
                read.amqpUri(AgentConfigKey.AMQP_URI),
                read.caFile(AgentConfigKey.AMQP_CA_FILE, AgentConfigKey.AMQP_URI),
                read.topology(AgentConfigKey.AMQP_PREFIX),
                read.duration(AgentConfigKey.HEARTBEAT_INTERVAL, Duration.ofMillis(100), Duration.ofMinutes(5)),
                read.text(AgentConfigKey.LIBVIRT_URI),
                read.path(AgentConfigKey.STATE_DIR),
                read.optionalPath(AgentConfigKey.PRESERVED_MEMORY_DEVICE),
                read.bool(AgentConfigKey.KEXEC_EXECUTE_ALLOWED),
                java.util.List.of(read.text(AgentConfigKey.KEXEC_EXECUTE_COMMAND).trim().split("\\s+")),
                read.bool(AgentConfigKey.REBOOT_ALLOWED),
                java.util.List.of(read.text(AgentConfigKey.REBOOT_COMMAND).trim().split("\\s+")),
                read.path(AgentConfigKey.LIBVIRT_QEMU_CONF),
                read.path(AgentConfigKey.LIBVIRT_HOOK),
                java.util.List.of(read.text(AgentConfigKey.LIBVIRT_RESTART_COMMAND).trim().split("\\s+")),
                read.path(AgentConfigKey.PRESERVATION_MONITOR_DIR),
                read.optionalCommand(AgentConfigKey.NOVA_COMPUTE_STOP_COMMAND),
                read.optionalCommand(AgentConfigKey.NOVA_COMPUTE_START_COMMAND),
                read.duration(AgentConfigKey.GUEST_SHUTDOWN_TIMEOUT, Duration.ofSeconds(1), Duration.ofMinutes(30)),
                read.integer(AgentConfigKey.GUESTS_AT_ONCE, 1, 64),
                new HookCommands(read.optionalCommand(AgentConfigKey.HOOKS_BEFORE_DOWN),
                        read.optionalCommand(AgentConfigKey.HOOKS_AFTER_UP),
                        read.duration(AgentConfigKey.HOOKS_TIMEOUT, Duration.ofSeconds(1), Duration.ofMinutes(25))));
    }
}
