package io.molt.service.domain.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import org.junit.jupiter.api.Test;

class GuestOrderTest {

    private static final double KEXEC = 7.6;

    /**
     * A cold restart (10 s shutdown, 30 s boot, no limit of its own) and a preservation with a 20 s limit, one
     * lane: in uuid order the preserved guest waits for the other's boot (38.85 s, over its limit); first, it
     * waits only for the other's shutdown (18.85 s).
     */
    @Test
    void theGuestWithTheTightLimitGoesFirstWhenTheUuidOrderWouldBreakIt() {
        GuestOrder.Guests guests = new GuestOrder.Guests(new double[] {10, 0.625}, new double[] {30, 0.625},
                new double[] {10 + KEXEC + 30, 1.25 + KEXEC}, new double[] {30, 20},
                new Action[] {Action.COLD_RESTART, Action.PRESERVE});

        double[] uuidOrderWaits = waitsInOrder(guests);
        assertThat(1.25 + KEXEC + uuidOrderWaits[1]).as("the preserved guest in uuid order").isGreaterThan(20);

        GuestOrder.Chosen chosen = GuestOrder.choose(1, guests);
        assertThat(chosen.order()).containsExactly(1, 0);
        assertThat(1.25 + KEXEC + chosen.waitSeconds()[1]).isCloseTo(18.85, offset(1e-9)).isLessThanOrEqualTo(20);
        assertThat(chosen.waitSeconds()[0]).isCloseTo(0.625, offset(1e-9));
    }

    @Test
    void guestsThatAllDoTheSameWorkKeepTheUuidOrder() {
        GuestOrder.Guests guests = new GuestOrder.Guests(new double[] {0.625, 0.625, 0.625},
                new double[] {0.625, 0.625, 0.625}, new double[] {8.85, 8.85, 8.85}, new double[] {30, 5, 10},
                new Action[] {Action.PRESERVE, Action.PRESERVE, Action.PRESERVE});

        GuestOrder.Chosen chosen = GuestOrder.choose(1, guests);

        assertThat(chosen.order()).containsExactly(0, 1, 2);
        assertThat(chosen.waitSeconds()).containsExactly(1.25, 1.25, 1.25);
    }

    @Test
    void withLanesTheOrderIsScheduledOnThemAndTheWorstShareIsLeast() {
        // two lanes, two cold restarts and a preservation with a 15 s limit last in uuid order: it waits for a
        // 30 s boot (38.85 s); first, for a 10 s shutdown (18.85 s), while the restarts wait 0.625 s either way
        GuestOrder.Guests guests = new GuestOrder.Guests(new double[] {10, 10, 0.625}, new double[] {30, 30, 0.625},
                new double[] {47.6, 47.6, 8.85}, new double[] {30, 30, 15},
                new Action[] {Action.COLD_RESTART, Action.COLD_RESTART, Action.PRESERVE});

        GuestOrder.Chosen chosen = GuestOrder.choose(2, guests);

        double worst = 0;
        for (int i = 0; i < 3; i++) {
            worst = Math.max(worst, (guests.ownDowntime()[i] + chosen.waitSeconds()[i]) / guests.limitSeconds()[i]);
        }
        double uuidWorst = 0;
        double[] uuidWaits = waitsInOrder(guests, 2);
        for (int i = 0; i < 3; i++) {
            uuidWorst = Math.max(uuidWorst, (guests.ownDowntime()[i] + uuidWaits[i]) / guests.limitSeconds()[i]);
        }
        assertThat(uuidWorst).isCloseTo(38.85 / 15, offset(1e-9));
        assertThat(worst).isCloseTo(48.225 / 30, offset(1e-9));
        assertThat(chosen.order()[0]).isEqualTo(2);
    }

    private static double[] waitsInOrder(GuestOrder.Guests g) {
        return waitsInOrder(g, 1);
    }

    /** The waits in uuid order, computed here from the lanes as the planner did before the order was chosen. */
    private static double[] waitsInOrder(GuestOrder.Guests g, int lanes) {
        GuestLanes.Schedule down = GuestLanes.schedule(lanes, g.takeDown(), g.actions());
        GuestLanes.Schedule back = GuestLanes.schedule(lanes, g.bringBack(), g.actions());
        double[] waits = new double[g.size()];
        for (int i = 0; i < waits.length; i++) {
            waits[i] = down.lengthSeconds() - down.ends()[i] + back.starts()[i];
        }
        return waits;
    }
}
