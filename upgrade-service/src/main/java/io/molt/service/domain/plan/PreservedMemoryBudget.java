package io.molt.service.domain.plan;

import java.util.Comparator;
import java.util.List;

/**
 * Shares a host's preserved-memory region (what survives a kexec) among the VMs that want to be preserved:
 * the region goes first to the VMs that save the most downtime per MiB, where the saving is the gap to
 * their next best action (a VM with no other action saves without bound). A greedy knapsack: the usual
 * order for maximising total saving.
 */
final class PreservedMemoryBudget {

    private long leftMib;

    PreservedMemoryBudget(long regionMib) {
        this.leftMib = regionMib;
    }

    /** Grants or refuses preservation to each candidate; a refused one loses the PRESERVE option. */
    void share(List<VmWork> candidates) {
        candidates.sort(Comparator.comparingDouble(PreservedMemoryBudget::savingPerMib).reversed()
                .thenComparingInt(work -> work.rank));
        for (VmWork work : candidates) {
            if (work.ramMib <= leftMib) {
                leftMib -= work.ramMib;
                work.chosen = work.top();
            } else {
                work.rule(Action.PRESERVE, "no preservation: the host's preserved memory is taken by VMs that save"
                        + " more (" + leftMib + " MiB left)");
            }
        }
    }

    /** Gives back what a VM that no longer gets preserved was granted. */
    void release(VmWork work) {
        leftMib += work.ramMib;
    }

    long leftMib() {
        return leftMib;
    }

    static double savingPerMib(VmWork work) {
        if (work.left.size() < 2) {
            return Double.POSITIVE_INFINITY;
        }
        double saving = work.left.get(1).downtimeSeconds() - work.left.get(0).downtimeSeconds();
        return saving / Math.max(1, work.ramMib);
    }
}
