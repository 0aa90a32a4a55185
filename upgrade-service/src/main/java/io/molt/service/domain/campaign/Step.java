package io.molt.service.domain.campaign;

/**
 * A step in flight between two stable host states, and who carries it out. The engine runs ENGINE and
 * NOVA steps itself (each checks the world before it acts, so running one again is harmless); AGENT
 * steps are commands with an id minted and stored before they are sent.
 */
public enum Step {
    /** Fresh observation: host up, agent online, no guest busy; re-plan against the cloud as it is now. */
    PRECHECK(Executor.ENGINE),
    /** Disable the nova-compute service with the reason "molt campaign <id>". */
    DISABLE(Executor.NOVA),
    /** Live-migrate (and delete, for TERMINATE) the guests the plan moves off the host. */
    EVACUATE(Executor.NOVA),
    /** Agent: run the operator's upgrade command (a package install) while the guests that stay still run. */
    UPGRADE(Executor.AGENT),
    /** Agent: stop nova-compute, then preserve, suspend or shut down the guests that stay. */
    PRESERVE(Executor.AGENT),
    /**
     * Agent: for a KERNEL or FULL_REBOOT target take the host into the new kernel (kexec or reboot) first;
     * then restore the guests, check that they run, start nova-compute. Completing it switches the host.
     */
    RESTORE(Executor.AGENT),
    /** Nova sees the host up, guests where expected and running as when planned, the hypervisor version as targeted. */
    VERIFY(Executor.NOVA),
    /** Enable the nova-compute service again. */
    ENABLE(Executor.NOVA),
    /** Record the host as done (or skipped, after an abort before its upgrade). */
    FINISH(Executor.ENGINE),
    /** Abort before anything was touched: leave the host as it is. */
    SKIP(Executor.ENGINE);

    /** Who carries the step out. */
    public enum Executor { ENGINE, NOVA, AGENT }

    private final Executor executor;

    Step(Executor executor) {
        this.executor = executor;
    }

    public Executor executor() {
        return executor;
    }

    public boolean byAgent() {
        return executor == Executor.AGENT;
    }

    /**
     * The step that leaves a stable state, or null when there is none (final or failed hosts).
     *
     * @param aborting whether the campaign is being aborted
     * @param reEnable on abort, whether to re-enable hosts the campaign disabled (guests it preserved are
     *                 always restored)
     */
    public static Step leaving(HostState state, boolean aborting, boolean reEnable) {
        if (aborting) {
            return switch (state) {
                case PENDING, PRECHECKED -> SKIP;
                case DISABLED, EVACUATED, UPGRADED -> reEnable ? ENABLE : SKIP;
                case PRESERVED -> RESTORE;
                case RESTORED -> VERIFY;
                case VERIFIED -> ENABLE;
                case ENABLED -> FINISH;
                default -> null;
            };
        }
        return switch (state) {
            case PENDING -> PRECHECK;
            case PRECHECKED -> DISABLE;
            case DISABLED -> EVACUATE;
            case EVACUATED -> UPGRADE;
            case UPGRADED -> PRESERVE;
            case PRESERVED -> RESTORE;
            case RESTORED -> VERIFY;
            case VERIFIED -> ENABLE;
            case ENABLED -> FINISH;
            default -> null;
        };
    }

    /** The stable state this step leads to. */
    public HostState target(boolean upgraded) {
        return switch (this) {
            case PRECHECK -> HostState.PRECHECKED;
            case DISABLE -> HostState.DISABLED;
            case EVACUATE -> HostState.EVACUATED;
            case UPGRADE -> HostState.UPGRADED;
            case PRESERVE -> HostState.PRESERVED;
            case RESTORE -> HostState.RESTORED;
            case VERIFY -> HostState.VERIFIED;
            case ENABLE -> HostState.ENABLED;
            case FINISH -> upgraded ? HostState.DONE : HostState.SKIPPED;
            case SKIP -> HostState.SKIPPED;
        };
    }
}
