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

    /**
     * What happens to one guest that stays on its host during the upgrade.
     *
     * @param vmUuid the Nova server (libvirt domain) uuid
     * @param action the planned action
     */
    public record GuestAction(String vmUuid, GuestActionKind action) {
        public GuestAction {
            Envelope.requireText(vmUuid, "vmUuid");
            java.util.Objects.requireNonNull(action, "action is required");
        }
    }

    /**
     * Campaign step before the upgrade: stop nova-compute (when asked) so that its power-state sync does
     * not act on paused or vanished domains, then save each guest as its action says. The result names each
     * guest's outcome ({@link Report.CommandResult#guests()}; v1: details {@code guest.<uuid>}).
     */
    public record PreserveGuests(boolean stopNovaCompute, java.util.List<GuestAction> guests) implements Command {
        public PreserveGuests {
            guests = guests == null ? java.util.List.of() : java.util.List.copyOf(guests);
        }
    }

    /**
     * Campaign step: run the operator's upgrade command on the host (e.g. a package install). The result
     * carries its {@link ProgramRun} (v1: details {@code exit_code} and {@code output_tail}); a non-zero exit
     * code is a FAILED outcome.
     *
     * @param command        the program and its arguments, run without a shell
     * @param target         what follows the command
     * @param timeoutSeconds the command is killed after this long
     */
    public record RunUpgrade(java.util.List<String> command, UpgradeTarget target, long timeoutSeconds)
            implements Command {
        public RunUpgrade {
            command = command == null ? java.util.List.of() : java.util.List.copyOf(command);
            if (command.isEmpty()) {
                throw new IllegalArgumentException("command must name a program");
            }
            java.util.Objects.requireNonNull(target, "target is required");
            if (timeoutSeconds <= 0) {
                throw new IllegalArgumentException("timeoutSeconds must be positive");
            }
        }
    }

    /**
     * Campaign step after {@link PreserveGuests}: first, for {@code bootInto} {@code KERNEL} or
     * {@code FULL_REBOOT}, take the host into the kernel the upgrade installed (kexec or reboot, when the
     * agent's config allows it); then bring back each guest saved by PreserveGuests, check that it runs,
     * and start nova-compute (when asked). The result names each guest's outcome and the downtime the agent
     * measured ({@link Report.CommandResult#guests()}; v1: details {@code downtime_ms.<uuid>}).
     *
     * @param bootInto the campaign's target, or null (a USERSPACE target needs no boot)
     */
    public record RestoreGuests(boolean startNovaCompute, java.util.List<GuestAction> guests, UpgradeTarget bootInto)
            implements Command {
        public RestoreGuests {
            guests = guests == null ? java.util.List.of() : java.util.List.copyOf(guests);
        }

        public RestoreGuests(boolean startNovaCompute, java.util.List<GuestAction> guests) {
            this(startNovaCompute, guests, null);
        }
    }

    /**
     * Campaign step: run the operator's hook of one phase, as the agent's config names it (the service only
     * names the phase, never the program). The result's details carry {@code phase}, {@code hook} (the
     * command, or empty when none is configured), {@code exit_code}, {@code timed_out}, {@code output_tail}
     * and {@code duration_ms}; a non-zero exit or the timeout is a FAILED outcome, no configured hook a
     * SUCCEEDED one.
     *
     * @param phase {@link #BEFORE_DOWN} (before the host is disabled and its guests touched) or
     *              {@link #AFTER_UP} (after its guests were verified and nova-compute re-enabled)
     * @param campaignId the campaign that asks, given to the hook as {@code MOLT_CAMPAIGN}; may be null
     */
    public record RunHook(String phase, String campaignId) implements Command {
        public static final String BEFORE_DOWN = "before-down";
        public static final String AFTER_UP = "after-up";
        public static final java.util.List<String> PHASES = java.util.List.of(BEFORE_DOWN, AFTER_UP);

        public RunHook {
            Envelope.requireText(phase, "phase");
            if (!PHASES.contains(phase)) {
                throw new IllegalArgumentException("phase must be one of " + PHASES + ", not '" + phase + "'");
            }
        }
    }
}
