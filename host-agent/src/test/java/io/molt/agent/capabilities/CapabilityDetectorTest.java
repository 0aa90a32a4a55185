package io.molt.agent.capabilities;

import static org.assertj.core.api.Assertions.assertThat;

import io.molt.agent.config.AgentConfig;
import io.molt.agent.libvirt.LibvirtProbe;
import io.molt.protocol.HostCapabilities;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
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

    private HostCapabilities detect(String... kv) throws Exception {
        Properties props = new Properties();
        for (int i = 0; i < kv.length; i += 2) {
            props.setProperty(kv[i], kv[i + 1]);
        }
        Path meminfo = Files.writeString(dir.resolve("meminfo"), "MemTotal: 4096 kB\nMemAvailable: 2048 kB\n");
        Path qemuConf = Files.writeString(dir.resolve("qemu.conf"), "memory_backing_dir = \"/dev/shm\"\n");
        LibvirtProbe unreachable = new LibvirtProbe() {
            @Override
            public Result probe(String uri) {
                return new Result(false, null, null, "not in a unit test");
            }
        };
        return new CapabilityDetector(AgentConfig.from(props, "test"), unreachable, meminfo, qemuConf,
                KernelHandoverProbe.system()).detect();
    }
}
