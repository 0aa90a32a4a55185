package io.molt.agent.config;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/** Every key of the agent's config file, with its default (null: required) and meaning. */
public enum AgentConfigKey {
    HOST("host", null, "Nova's name for this compute host (the nova-compute service's host)"),
    AMQP_URI("amqp.uri", "amqp://guest:guest@127.0.0.1:5672/%2F",
            "RabbitMQ URI; in production each agent has its own user that may read only its own queue"),
    AMQP_CA_FILE("amqp.ca-file", "",
            "PEM file of the CA certificate(s) the broker's certificate must chain to, for amqps:// (the broker's"
                    + " host name is always checked); empty: the JVM's default trust store"),
    AMQP_PREFIX("amqp.prefix", "molt", "prefix of every exchange and queue name"),
    HEARTBEAT_INTERVAL("heartbeat.interval", "PT5S", "ISO-8601 duration between heartbeats (100 ms .. 5 min)"),
    LIBVIRT_URI("libvirt.uri", "qemu:///system", "libvirt connection URI"),
    STATE_DIR("state.dir", "/var/lib/molt-agent",
            "journal and command ledger; must be on a disk that survives a reboot"),
    PRESERVED_MEMORY_DEVICE("preserved-memory.device", "",
            "block device of the memory region that survives a kexec, e.g. /dev/pmem0; empty for none"),
    KEXEC_EXECUTE_ALLOWED("kexec.execute.allowed", "false",
            "whether the agent may kexec into the staged kernel after a KERNEL campaign's upgrade command"),
    KEXEC_EXECUTE_COMMAND("kexec.execute.command", "systemctl kexec",
            "command (split at spaces, no shell) that kexecs into the kernel staged by KEXEC_PREPARE"),
    REBOOT_ALLOWED("reboot.allowed", "false",
            "whether the agent may reboot the host after a FULL_REBOOT campaign's upgrade command"),
    REBOOT_COMMAND("reboot.command", "systemctl reboot", "command (split at spaces, no shell) that reboots the host"),
    LIBVIRT_QEMU_CONF("libvirt.qemu-conf", "/etc/libvirt/qemu.conf",
            "libvirt's qemu.conf, read for memory_backing_dir (where file-backed guest RAM lives)"),
    LIBVIRT_HOOK("libvirt.hook", "/etc/libvirt/hooks/qemu",
            "libvirt's qemu hook, which the agent checks and can install for memory-preserving restores"),
    LIBVIRT_RESTART_COMMAND("libvirt.restart-command", "systemctl restart libvirtd",
            "command (split at spaces) that restarts libvirtd; guests keep running through it"),
    PRESERVATION_MONITOR_DIR("preservation.monitor-dir", "/run/molt/qmp",
            "sockets of the extra QMP monitor of restored domains; keep the path short (108-byte socket paths)"),
    NOVA_COMPUTE_STOP_COMMAND("nova-compute.stop-command", "",
            "command (split at spaces, no shell) that stops nova-compute before guests are saved, e.g."
                    + " 'systemctl stop nova-compute'; empty: a campaign step that asks to stop it is refused"),
    NOVA_COMPUTE_START_COMMAND("nova-compute.start-command", "",
            "command (split at spaces, no shell) that starts nova-compute after guests are restored, e.g."
                    + " 'systemctl start nova-compute'; empty: a campaign step that asks to start it is refused"),
    GUEST_SHUTDOWN_TIMEOUT("guest.shutdown-timeout", "PT60S",
            "how long a COLD_RESTART guest may take to shut down cleanly before it is powered off (1 s .. 30 min)"),
    GUESTS_AT_ONCE("guests.at-once", "4",
            "how many guests PreserveGuests takes down, and RestoreGuests brings back, at the same time (1 .. 64)"),
    HOOKS_BEFORE_DOWN("hooks.before-down", "",
            "command (split at spaces, no shell) a campaign runs on the host before it disables the host in Nova"
                    + " and touches its guests, e.g. to put it in Masakari maintenance; empty: none"),
    HOOKS_AFTER_UP("hooks.after-up", "",
            "command (split at spaces, no shell) a campaign runs on the host once its guests are verified and"
                    + " nova-compute is re-enabled, e.g. to take it out of Masakari maintenance; empty: none"),
    HOOKS_TIMEOUT("hooks.timeout", "PT5M",
            "ISO-8601 duration after which a hook is killed with every process it started (1 s .. 25 min: below"
                    + " the service's molt.engine.upgrade-step-timeout)");

    private final String key;
    private final String defaultValue;
    private final String meaning;

    AgentConfigKey(String key, String defaultValue, String meaning) {
        this.key = key;
        this.defaultValue = defaultValue;
        this.meaning = meaning;
    }

    public String key() {
        return key;
    }

    public String defaultValue() {
        return defaultValue;
    }

    public String meaning() {
        return meaning;
    }

    static Set<String> names() {
        return Arrays.stream(values()).map(AgentConfigKey::key).collect(Collectors.toCollection(java.util.TreeSet::new));
    }
}
