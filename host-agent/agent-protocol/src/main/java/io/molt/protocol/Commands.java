package io.molt.protocol;

/** The commands an agent carries out. */
public final class Commands {

    private Commands() {
    }

    /** Asks the agent to answer; proves the command path end to end. */
    public record Ping(String note) implements Command {
    }

    /** Replace the QEMU process of a running domain, keeping its RAM (through libvirt). */
    public record PreserveReplace(String domainUuid) implements Command {
        public PreserveReplace {
            Envelope.requireText(domainUuid, "domainUuid");
        }
    }

    /** Preserve every running domain, restart libvirtd (and the QEMU binary in use), restore them all. */
    public record WarmReboot(String note) implements Command {
    }

    /** Managed save of a domain: all its RAM to disk, QEMU stops. */
    public record SuspendToDisk(String domainUuid) implements Command {
        public SuspendToDisk {
            Envelope.requireText(domainUuid, "domainUuid");
        }
    }

    /** Start a domain again (from its managed save image). */
    public record Resume(String domainUuid) implements Command {
        public Resume {
            Envelope.requireText(domainUuid, "domainUuid");
        }
    }

    /** Stage a kexec of {@code kernel} with the running command line and report what executing it would do. */
    public record KexecPrepare(String kernel, String initrd) implements Command {
        public KexecPrepare {
            Envelope.requireText(kernel, "kernel");
        }
    }

    /** Install what libvirt needs for preservation (the qemu hook); optionally restart libvirtd to load it. */
    public record InstallPreservationHook(boolean restartLibvirtd) implements Command {
    }
}
