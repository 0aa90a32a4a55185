package io.molt.agent.capabilities;

import static org.assertj.core.api.Assertions.assertThat;

import io.molt.agent.config.AgentConfig;
import io.molt.agent.libvirt.LibvirtProbe;
import io.molt.protocol.HostCapabilities;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CapabilityDetectorTest {

    @TempDir
    Path dir;

    @Test
    void announcesHowManyGuestsItTakesAtOnceFromItsConfig() throws Exception {
        assertThat(detect("host", "compute-1").guestsAtOnce()).isEqualTo(4);
        assertThat(detect("host", "compute-1", "guests.at-once", "1").guestsAtOnce()).isEqualTo(1);
        assertThat(detect("host", "compute-1", "guests.at-once", "12").guestsAtOnce()).isEqualTo(12);
    }

    @Test
    void readsFreeMemoryAndTheMemoryBackingDir() throws Exception {
        HostCapabilities caps = detect("host", "compute-1");

        assertThat(caps.freeMemoryBytes()).isEqualTo(2048L * 1024);
        assertThat(caps.fileBackedMemory()).isTrue();
        assertThat(caps.libvirtReachable()).isFalse();
        assertThat(caps.kernelHandover()).as("the running kernel's handover support is reported").isNotNull();
    }

    @Test
    void aPrefetchedDetectionIsTakenOnceAndLaterOnesProbeAgain() throws Exception {
        AtomicInteger probes = new AtomicInteger();
        CapabilityDetector detector = detector(counting(probes), "host", "compute-1");

        detector.prefetch();
        HostCapabilities first = detector.detect();
        HostCapabilities second = detector.detect();

        assertThat(first).isEqualTo(second);
        assertThat(probes).as("one probe ahead, one for the second detection").hasValue(2);
    }

    @Test
    void aPrefetchThatFailedIsDetectedAgain() throws Exception {
        AtomicInteger probes = new AtomicInteger();
        LibvirtProbe failingOnce = new LibvirtProbe() {
            @Override
            public Result probe(String uri) {
                if (probes.incrementAndGet() == 1) {
                    throw new IllegalStateException("libvirt's client crashed");
                }
                return new Result(true, "9.0.0", "7.2.0", null);
            }
        };
        CapabilityDetector detector = detector(failingOnce, "host", "compute-1");

        detector.prefetch();

        assertThat(detector.detect().libvirtVersion()).isEqualTo("9.0.0");
        assertThat(probes).hasValue(2);
    }

    private static LibvirtProbe counting(AtomicInteger probes) {
        return new LibvirtProbe() {
            @Override
            public Result probe(String uri) {
                probes.incrementAndGet();
                return new Result(true, "9.0.0", "7.2.0", null);
            }
        };
    }

    private HostCapabilities detect(String... kv) throws Exception {
        LibvirtProbe unreachable = new LibvirtProbe() {
            @Override
            public Result probe(String uri) {
                return new Result(false, null, null, "not in a unit test");
            }
        };
        return detector(unreachable, kv).detect();
    }

    private CapabilityDetector detector(LibvirtProbe probe, String... kv) throws Exception {
        Properties props = new Properties();
        for (int i = 0; i < kv.length; i += 2) {
            props.setProperty(kv[i], kv[i + 1]);
        }
        Path meminfo = Files.writeString(dir.resolve("meminfo"), "MemTotal: 4096 kB\nMemAvailable: 2048 kB\n");
        Path qemuConf = Files.writeString(dir.resolve("qemu.conf"), "memory_backing_dir = \"/dev/shm\"\n");
        return new CapabilityDetector(AgentConfig.from(props, "test"), probe, meminfo, qemuConf,
                KernelHandoverProbe.system());
    }
}
