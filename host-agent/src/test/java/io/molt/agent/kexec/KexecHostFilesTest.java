package io.molt.agent.kexec;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class KexecHostFilesTest {

    @Test
    void readsEveryProtectedReservationBeforeTheInitArguments() {
        List<Memmap> found = Memmap.parse("ro memmap=64M!512M memmap=1G$4G memmap=0x1000!0x100000,2G!6G quiet -- memmap=8M!1G");

        assertThat(found).containsExactly(
                new Memmap(64L << 20, 512L << 20, "memmap=64M!512M"),
                new Memmap(0x1000, 0x100000, "memmap=0x1000!0x100000"),
                new Memmap(2L << 30, 6L << 30, "memmap=2G!6G"));
    }

    @Test
    void ignoresWhatTheKernelWouldNotAccept() {
        assertThat(Memmap.parse("memmap=!512M memmap=xM!1G memmap=exactmap")).isEmpty();
    }

    @Test
    void coversARangeInsideIt() {
        Memmap m = new Memmap(64L << 20, 512L << 20, "memmap=64M!512M");

        assertThat(m.covers(512L << 20, 64L << 20)).isTrue();
        assertThat(m.covers((512L << 20) + 4096, 32L << 20)).isTrue();
        assertThat(m.covers(511L << 20, 64L << 20)).isFalse();
        assertThat(m.covers(512L << 20, 65L << 20)).isFalse();
    }

    @Test
    void mountsTellWhichFilesystemHoldsAFile() {
        Mounts mounts = Mounts.read(List.of(
                "22 1 254:1 / / rw - ext4 /dev/vda1 rw",
                "90 22 259:0 / /mnt/pmem\\040a rw shared:4 - ext4 /dev/pmem0 rw,dax=always",
                "91 90 0:51 / /mnt/pmem\\040a/tmp rw - tmpfs tmpfs rw",
                "bad line"));

        assertThat(mounts.pointsOf(Path.of("/dev/pmem0"))).containsExactly(Path.of("/mnt/pmem a"));
        assertThat(mounts.on(Path.of("/mnt/pmem a/ram/pc.ram"), Path.of("/dev/pmem0"))).isTrue();
        assertThat(mounts.on(Path.of("/mnt/pmem a/tmp/pc.ram"), Path.of("/dev/pmem0"))).isFalse();
        assertThat(mounts.on(Path.of("/mnt/pmem ab/pc.ram"), Path.of("/dev/pmem0"))).isFalse();
        assertThat(mounts.holding(Path.of("/var/x")).orElseThrow().source()).isEqualTo("/dev/vda1");
    }
}
