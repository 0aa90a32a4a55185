package io.molt.agent.steps;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RestoreXmlTest {

    private static final String NOVA_LIKE = """
            <domain type='qemu'>
              <name>instance-0000001a</name>
              <memoryBacking><source type='file'/><access mode='shared'/><allocation mode='immediate'/><discard/></memoryBacking>
              <cpu><numa><cell id='0' cpus='0' memory='262144' memAccess='shared' discard='yes'/></numa></cpu>
            </domain>""";

    @Test
    void dropsWhatWouldEraseOrTouchTheKeptRamAndAddsTheMonitor() {
        String xml = RestoreXml.forRestore(NOVA_LIKE, Path.of("/run/molt/qmp/u.qmp"));

        assertThat(xml).doesNotContain("<discard").doesNotContain("allocation").doesNotContain("discard=");
        assertThat(xml).contains("<source type=\"file\"/>").contains("memAccess=\"shared\"");
        assertThat(xml).contains("socket,id=molt-qmp,path=/run/molt/qmp/u.qmp,server=on,wait=on")
                .contains("chardev=molt-qmp,mode=control");
        assertThat(RestoreXml.hasOwnMonitor(xml)).isTrue();
        assertThat(RestoreXml.hasOwnMonitor(NOVA_LIKE)).isFalse();
    }

    @Test
    void aSecondRestoreReplacesTheMonitorInsteadOfAddingOne() {
        String once = RestoreXml.forRestore(NOVA_LIKE, Path.of("/a.qmp"));
        String twice = RestoreXml.forRestore(once, Path.of("/b.qmp"));

        assertThat(twice).contains("path=/b.qmp").doesNotContain("path=/a.qmp");
        assertThat(twice.split("id=molt-qmp,", -1)).hasSize(2);
    }

    @Test
    void keepsOtherQemuArguments() {
        String withArgs = NOVA_LIKE.replace("</domain>", """
                <qemu:commandline xmlns:qemu='http://libvirt.org/schemas/domain/qemu/1.0'><qemu:arg value='-no-hpet'/></qemu:commandline></domain>""");
        assertThat(RestoreXml.forRestore(withArgs, Path.of("/a.qmp"))).contains("-no-hpet").contains("id=molt-qmp,");
    }
}
