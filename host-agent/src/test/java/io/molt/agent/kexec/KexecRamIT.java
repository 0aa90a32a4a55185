package io.molt.agent.kexec;

import static org.assertj.core.api.Assertions.assertThat;

import io.molt.agent.lab.LabGuest;
import io.molt.agent.lab.LabTest;
import io.molt.agent.steps.Preservation;
import io.molt.agent.steps.Progress;
import io.molt.agent.steps.QemuConf;
import io.molt.agent.steps.StepResult;
import io.molt.protocol.Report;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The precheck of KEXEC_PREPARE on a real running guest: its RAM file, as its QEMU reports it, must
 * be on the preserved region. The region is made of files (a device, sysfs, a mount table): a guest
 * whose RAM is in memory_backing_dir is refused while the region is mounted elsewhere, and counted as
 * preserved once the region is said to be mounted on memory_backing_dir. The kexec tool is a fake.
 */
class KexecRamIT extends LabTest {

    private KexecPrepare step(FakeHost host, RecordingKexecTool tool) {
        return Preservation.kexecPrepare(domains, journal(), host.device, false, host.paths, tool);
    }

    @Test
    void aGuestWhoseRamIsNotOnTheRegionIsRefusedAndCountedOnceItIs() {
        LabGuest guest = guest("molt-it-kexec", 256, 16);
        FakeHost host = new FakeHost(dir.resolve("host"));
        RecordingKexecTool tool = new RecordingKexecTool(host.paths.kexecLoaded());
        Path backing = QemuConf.memoryBackingDir(Path.of("/etc/libvirt/qemu.conf")).orElseThrow();

        StepResult refused = step(host, tool).run("kexec-it-1", host.kernel, Optional.of(host.initrd), Progress.NONE);

        assertThat(refused.outcome()).isEqualTo(Report.Outcome.REFUSED);
        assertThat(refused.message()).contains("RAM_NOT_ON_PRESERVED_REGION: " + guest.name() + " (" + guest.uuid()
                + ")'s RAM file pc.ram " + backing + "/", "is not on " + host.device + " (mounted on [" + host.pmemMount + "])");
        assertThat(tool.loads).isEmpty();

        host.mountPmemAt(backing);
        StepResult next = step(host, tool).run("kexec-it-2", host.kernel, Optional.of(host.initrd), Progress.NONE);

        assertThat(next.message()).doesNotContain(guest.uuid() + ")'s RAM file");
        if (next.succeeded()) { // other running domains of the lab may have their RAM elsewhere
            assertThat(next.details().get("domains")).contains(guest.uuid().toString());
            assertThat(next.message()).contains(guest.name() + " (" + guest.uuid() + ")");
            assertThat(tool.loads).hasSize(1);
        }
    }
}
