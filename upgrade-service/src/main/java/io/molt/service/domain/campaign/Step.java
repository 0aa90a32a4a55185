package io.molt.service.domain.campaign;

/**
 * A step in flight between two stable host states, and who carries it out. The engine runs ENGINE and
 * NOVA steps itself (each checks the world before it acts, so running one again is harmless); AGENT
 * steps are commands with an id minted and stored before they are sent.
 */
public enum Step {
    /** Fresh observation: host up, agent online, no guest busy; re-plan against the cloud as it is now. */
    PRECHECK(Executor.ENGINE),
    /** Agent: run the operator's before-down hook (agent config {@code hooks.before-down}), e.g. Masakari maintenance. */
    HOOK_BEFORE_DOWN(Executor.AGENT),
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
    /** Agent: run the operator's after-up hook (agent config {@code hooks.after-up}) once the host is back. */
    HOOK_AFTER_UP(Executor.AGENT),
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

    /** One of the operator's hooks: its failure is not retried, it pauses the campaign (ADR 0020). */
    public boolean isHook() {
        return this == HOOK_BEFORE_DOWN || this == HOOK_AFTER_UP;
    }

    /**
     * The step that leaves a stable state, or null when there is none (final or failed hosts).
     *
     * @param mode forward or aborting; on abort, whether to re-enable hosts the campaign disabled (guests it
     *             preserved are always restored); whether the campaign runs the agents' hooks
     */
    public static Step leaving(HostState state, CampaignMode mode) {
        boolean hooks = mode.hooks();
        if (mode.aborting()) {
            return switch (state) {
                case PENDING, PRECHECKED -> SKIP;
                case PREPARED -> HOOK_AFTER_UP;
                case DISABLED, EVACUATED, UPGRADED -> mode.reEnableOnAbort() ? ENABLE : SKIP;
                case PRESERVED -> RESTORE;
                case RESTORED -> VERIFY;
                case VERIFIED -> ENABLE;
                case ENABLED -> hooks ? HOOK_AFTER_UP : FINISH;
                case RETURNED -> FINISH;
                default -> null;
            };
        }
        return switch (state) {
            case PENDING -> PRECHECK;
            case PRECHECKED -> hooks ? HOOK_BEFORE_DOWN : DISABLE;
            case PREPARED -> DISABLE;
            case DISABLED -> EVACUATE;
            case EVACUATED -> UPGRADE;
            case UPGRADED -> PRESERVE;
            case PRESERVED -> RESTORE;
            case RESTORED -> VERIFY;
            case VERIFIED -> ENABLE;
            case ENABLED -> hooks ? HOOK_AFTER_UP : FINISH;
            case RETURNED -> FINISH;
            default -> null;
        };
    }

    /** The stable state this step leads to. */
    public HostState target(boolean upgraded) {
        return switch (this) {
            case PRECHECK -> HostState.PRECHECKED;
            case HOOK_BEFORE_DOWN -> HostState.PREPARED;
            case DISABLE -> HostState.DISABLED;
            case EVACUATE -> HostState.EVACUATED;
            case UPGRADE -> HostState.UPGRADED;
            case PRESERVE -> HostState.PRESERVED;
            case RESTORE -> HostState.RESTORED;
            case VERIFY -> HostState.VERIFIED;
            case ENABLE -> HostState.ENABLED;
            case HOOK_AFTER_UP -> HostState.RETURNED;
            case FINISH -> upgraded ? HostState.DONE : HostState.SKIPPED;
            case SKIP -> HostState.SKIPPED;
        };
    }
}
