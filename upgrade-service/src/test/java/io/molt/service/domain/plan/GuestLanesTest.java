package io.molt.service.domain.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GuestLanesTest {

    @Test
    void oneLaneWorksThroughTheGuestsOneAfterTheOther() {
        GuestLanes.Schedule s = GuestLanes.schedule(1, new double[] {1, 2, 3}, actions(3));

        assertThat(s.starts()).containsExactly(0, 1, 3);
        assertThat(s.ends()).containsExactly(1, 3, 6);
        assertThat(s.lengthSeconds()).isEqualTo(6);
    }

    @Test
    void eachGuestTakesTheLaneFreedFirstInPlanOrder() {
        GuestLanes.Schedule s = GuestLanes.schedule(2, new double[] {4, 1, 2, 1}, actions(4));

        // lane A: 0-4; lane B: 0-1, then 1-3, then 3-4
        assertThat(s.starts()).containsExactly(0, 0, 1, 3);
        assertThat(s.ends()).containsExactly(4, 1, 3, 4);
        assertThat(s.lengthSeconds()).isEqualTo(4);
    }

    @Test
    void managedSavesWaitForTheDiskEvenWithLanesFree() {
        Action[] actions = {Action.SUSPEND_TO_DISK, Action.SUSPEND_TO_DISK, Action.PRESERVE};
        GuestLanes.Schedule s = GuestLanes.schedule(4, new double[] {10, 10, 1}, actions);

        assertThat(s.starts()).containsExactly(0, 10, 0);
        assertThat(s.ends()).containsExactly(10, 20, 1);
        assertThat(s.lengthSeconds()).isEqualTo(20);
    }

    @Test
    void noGuestsTakeNoTime() {
        assertThat(GuestLanes.schedule(4, new double[0], new Action[0]).lengthSeconds()).isZero();
    }

    @Test
    void refusesNoLanesAndMismatchedInput() {
        assertThatThrownBy(() -> GuestLanes.schedule(0, new double[1], actions(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GuestLanes.schedule(2, new double[2], actions(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Guests whose work does not take the disk. */
    private static Action[] actions(int n) {
        Action[] actions = new Action[n];
        java.util.Arrays.fill(actions, Action.PRESERVE);
        return actions;
    }
}
