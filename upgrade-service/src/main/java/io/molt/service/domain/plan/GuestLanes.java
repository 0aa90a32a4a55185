package io.molt.service.domain.plan;

/**
 * How a host's agent works through the guests that stay, when it takes them down and again when it brings
 * them back: in plan order, up to {@code atOnce} at the same time, each guest starting as soon as one of
 * those lanes is free. Managed saves and their read-backs also wait for the disk, one at a time: parallel
 * saves share its bandwidth and would only make each other slower. With one lane every guest waits for all
 * those before it.
 */
public final class GuestLanes {

    /**
     * When each guest's work starts and ends, in seconds from the start of the phase, and when the last
     * one ends.
     */
    public record Schedule(double[] starts, double[] ends, double lengthSeconds) {
    }

    private GuestLanes() {
    }

    /**
     * The list schedule of these guests' work, in their order.
     *
     * @param atOnce  how many guests the agent works on at the same time (at least 1)
     * @param seconds each guest's work
     * @param actions each guest's action: a SUSPEND_TO_DISK guest's work (its save, or its read-back) takes
     *                the disk
     */
    public static Schedule schedule(int atOnce, double[] seconds, Action[] actions) {
        if (atOnce < 1 || seconds.length != actions.length) {
            throw new IllegalArgumentException("at least one lane and one action per guest");
        }
        double[] laneFree = new double[Math.min(atOnce, Math.max(1, seconds.length))];
        double[] starts = new double[seconds.length];
        double[] ends = new double[seconds.length];
        double diskFree = 0;
        double length = 0;
        for (int i = 0; i < seconds.length; i++) {
            boolean onDisk = actions[i] == Action.SUSPEND_TO_DISK;
            int lane = 0;
            for (int l = 1; l < laneFree.length; l++) {
                if (laneFree[l] < laneFree[lane]) {
                    lane = l;
                }
            }
            starts[i] = onDisk ? Math.max(laneFree[lane], diskFree) : laneFree[lane];
            ends[i] = starts[i] + seconds[i];
            laneFree[lane] = ends[i];
            if (onDisk) {
                diskFree = ends[i];
            }
            length = Math.max(length, ends[i]);
        }
        return new Schedule(starts, ends, length);
    }
}
