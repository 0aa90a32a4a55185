package io.molt.service.domain.plan;

import io.molt.service.domain.cloud.VmPolicy;

/** Which actions a VM owner's {@code molt:policy} allows. */
public final class PolicyRules {

    private PolicyRules() {
    }

    /**
     * {@code preserve}: stays on its host (in place, suspended, or restarted when nothing else is possible);
     * {@code migrate}: live migration only; {@code terminate}: anything, deletion first; {@code any}:
     * anything but deletion.
     */
    public static boolean allows(VmPolicy policy, Action action) {
        return switch (policy) {
            case PRESERVE -> action == Action.PRESERVE || action == Action.SUSPEND_TO_DISK
                    || action == Action.COLD_RESTART;
            case MIGRATE -> action == Action.LIVE_MIGRATE;
            case TERMINATE -> true;
            case ANY -> action != Action.TERMINATE;
        };
    }
}
