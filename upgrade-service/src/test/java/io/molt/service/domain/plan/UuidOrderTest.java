package io.molt.service.domain.plan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.molt.service.domain.cloud.Resources;
import io.molt.service.domain.cloud.Vm;
import io.molt.service.domain.cloud.VmPolicy;
import io.molt.service.domain.cloud.VmState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The fast uuid sort gives exactly the order of {@link String#compareTo}. */
class UuidOrderTest {

    @Test
    void canonicalUuidsSortAsTheirStrings() {
        Random random = new Random(3);
        List<String> uuids = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            uuids.add(new UUID(random.nextLong(), random.nextLong()).toString());
        }
        // Runs that share the leading bits the fast path sorts on, and extreme values.
        for (int i = 0; i < 50; i++) {
            uuids.add(new UUID(0x7fffffffffc00000L | random.nextInt(1 << 22), random.nextLong()).toString());
            uuids.add(new UUID(0x8000000000000000L | random.nextInt(4), random.nextLong()).toString());
            uuids.add(new UUID(0xffffffffffffffffL, random.nextLong()).toString());
        }
        uuids.add(new UUID(0, 0).toString());
        assertSortedAsStrings(uuids);
    }

    @Test
    void otherIdsFallBackToTheStringOrder() {
        assertSortedAsStrings(List.of("vm-2", "vm-10", "a", "B", new UUID(5, 6).toString()));
        assertSortedAsStrings(List.of(new UUID(-1, 6).toString().toUpperCase(), new UUID(7, 6).toString(),
                "0000000g-0000-0000-0000-000000000000", "00000000-0000-0000-0000-00000000000"));
    }

    @Test
    void aUuidTwiceIsRefused() {
        String uuid = new UUID(5, 6).toString();
        for (String other : List.of(uuid, "vm-1")) {
            Vm[] vms = {vm(uuid), vm(new UUID(1, 1).toString()), vm(other), vm(uuid)};
            assertThatThrownBy(() -> UuidOrder.order(vms)).hasMessageContaining(uuid + " appears twice");
        }
    }

    @Test
    void aUuidIsFoundByItsValueAtItsRank() {
        Random random = new Random(5);
        Vm[] vms = new Vm[2000];
        for (int i = 0; i < vms.length; i++) {
            vms[i] = vm(new UUID(random.nextLong(), random.nextLong()).toString());
        }
        UuidOrder.Sorted sorted = UuidOrder.sort(vms);
        for (int rank = 0; rank < vms.length; rank++) {
            assertThat(sorted.rank(vms[sorted.positions()[rank]].uuid())).isEqualTo(rank);
        }
        String some = vms[7].uuid();
        assertThat(sorted.rank(new UUID(random.nextLong(), random.nextLong()).toString())).isEqualTo(-1);
        assertThat(sorted.rank(some.toUpperCase())).isEqualTo(-1);
        assertThat(sorted.rank("vm-1")).isEqualTo(-1);
        assertThat(UuidOrder.sort(new Vm[] {vm("vm-1"), vm(some)}).rank(some)).as("not canonical: ask the strings")
                .isEqualTo(-2);
    }

    private static void assertSortedAsStrings(List<String> uuids) {
        List<String> shuffled = new ArrayList<>(uuids);
        java.util.Collections.shuffle(shuffled, new Random(1));
        Vm[] vms = shuffled.stream().map(UuidOrderTest::vm).toArray(Vm[]::new);
        List<String> expected = uuids.stream().sorted(Comparator.naturalOrder()).toList();
        assertThat(java.util.Arrays.stream(UuidOrder.order(vms)).mapToObj(i -> vms[i].uuid()).toList())
                .isEqualTo(expected);
    }

    private static Vm vm(String uuid) {
        return new Vm(uuid, uuid, "p", "h", new Resources(1, 512, 0), VmState.ACTIVE, true, false, VmPolicy.ANY, null,
                null, null);
    }
}
