package io.molt.agent.libvirt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class DomainXmlTest {

    @Test
    void readsANovaInstance() {
        DomainXml xml = DomainXml.parse("""
                <domain type='qemu' id='3'>
                  <name>instance-00000002</name>
                  <uuid>4b0c1f5e-2f0a-4f5d-9b52-0d3c4d6f7a81</uuid>
                  <metadata><nova:instance xmlns:nova='http://openstack.org/xmlns/libvirt/nova/1.1'>
                    <nova:name>web-1</nova:name></nova:instance></metadata>
                  <memory unit='KiB'>524288</memory>
                  <memoryBacking><source type='file'/><access mode='shared'/><allocation mode='immediate'/><discard/></memoryBacking>
                </domain>""");

        assertThat(xml.name()).isEqualTo("instance-00000002");
        assertThat(xml.memoryMib()).isEqualTo(512);
        assertThat(xml.memoryBacking()).isEqualTo(new MemoryBacking(true, true, true, true));
        assertThat(xml.memoryBacking().preservable()).isTrue();
        assertThat(xml.novaInstanceUuid()).contains(UUID.fromString("4b0c1f5e-2f0a-4f5d-9b52-0d3c4d6f7a81"));
    }

    @Test
    void anonymousMemoryIsNotPreservableAndSharedNumaCellsCount() {
        DomainXml plain = DomainXml.parse("<domain><name>a</name><uuid>4b0c1f5e-2f0a-4f5d-9b52-0d3c4d6f7a81</uuid>"
                + "<memory unit='GiB'>2</memory></domain>");
        assertThat(plain.memoryMib()).isEqualTo(2048);
        assertThat(plain.memoryBacking().preservable()).isFalse();
        assertThat(plain.novaInstanceUuid()).isEmpty();

        DomainXml numa = DomainXml.parse("<domain><name>b</name><uuid>4b0c1f5e-2f0a-4f5d-9b52-0d3c4d6f7a81</uuid>"
                + "<memoryBacking><source type='file'/></memoryBacking>"
                + "<cpu><numa><cell id='0' memory='1' memAccess='shared'/></numa></cpu></domain>");
        assertThat(numa.memoryBacking().preservable()).isTrue();
    }
}
