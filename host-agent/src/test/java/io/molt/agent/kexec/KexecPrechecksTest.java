package io.molt.agent.kexec;

import static org.assertj.core.api.Assertions.assertThat;

import io.molt.agent.libvirt.DomainInfo;
import io.molt.agent.libvirt.DomainState;
import io.molt.agent.libvirt.DomainsException;
import io.molt.agent.steps.Refusal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each refusal of KEXEC_PREPARE, on a host made of files in a temporary directory. */
class KexecPrechecksTest {

    @TempDir
    Path dir;

    private FakeHost host;
    private final Map<UUID, Map<String, Path>> ram = new HashMap<>();
    private ListedDomains domains = new ListedDomains();

    @BeforeEach
    void host() {
        host = new FakeHost(dir);
    }

    private KexecPrechecks.Checked check(Path device) {
        RamFiles ramFiles = uuid -> Optional.ofNullable(ram.get(uuid))
                .orElseThrow(() -> new DomainsException("domain " + uuid + " has no file-backed memory backend"));
        return new KexecPrechecks(domains, ramFiles, device, host.paths).check(host.kernel, Optional.of(host.initrd));
    }

    private List<Refusal> refusals(Path device) {
        KexecPrechecks.Checked checked = check(device);
        assertThat(checked).isInstanceOf(KexecPrechecks.Refused.class);
        return ((KexecPrechecks.Refused) checked).refusals();
    }

    private DomainInfo guest(String name, Path ramFile) {
        DomainInfo guest = ListedDomains.running(name, ListedDomains.NOVA);
        ram.put(guest.uuid(), Map.of("pc.ram", ramFile));
        return guest;
    }

    @Test
    void aHostWithAllInPlaceIsReadyWithTheRegionAndTheDomainsOnIt() {
        DomainInfo on = guest("on", host.pmemMount.resolve("ram/on"));
        DomainInfo stopped = new DomainInfo(UUID.randomUUID(), "stopped", DomainState.SHUTOFF, 256, ListedDomains.ANONYMOUS,
                Optional.empty());
        domains = new ListedDomains(on, stopped);

        KexecPrechecks.Ready ready = (KexecPrechecks.Ready) check(host.device);

        assertThat(ready.cmdline()).isEqualTo(FakeHost.CMDLINE);
        assertThat(ready.region().bytes()).isEqualTo(64L << 20);
        assertThat(ready.region().start()).hasValue(0x20000000L);
        assertThat(ready.region().memmap().parameter()).isEqualTo("memmap=64M!512M");
        assertThat(ready.region().mounts()).containsExactly(host.pmemMount);
        assertThat(ready.domains()).containsExactly(on);
    }

    @Test
    void noKexecBinary() {
        FakeHost.setExecutable(host.paths.kexecBinary(), false);

        assertThat(refusals(host.device)).containsExactly(new Refusal("KEXEC_MISSING",
                "no kexec at " + host.paths.kexecBinary() + " (Debian: kexec-tools)"));
    }

    @Test
    void kernelOrInitrdMissingOrUnreadable() throws Exception {
        Files.delete(host.kernel);
        Files.delete(host.initrd);
        Files.createDirectory(host.initrd);

        assertThat(refusals(host.device)).extracting(Refusal::code).containsExactly("KERNEL_MISSING", "INITRD_MISSING");
        assertThat(refusals(host.device).get(0).reason()).isEqualTo("kernel " + host.kernel + " does not exist or is not a file");
    }

    @Test
    void noPreservedDeviceConfigured() {
        assertThat(refusals(null)).extracting(Refusal::code).containsExactly("PRESERVED_MEMORY_UNSET");
    }

    @Test
    void preservedDeviceMissing() throws Exception {
        Files.delete(host.device);

        assertThat(refusals(host.device)).containsExactly(new Refusal("PRESERVED_MEMORY_MISSING",
                "preserved-memory.device " + host.device + " does not exist"));
    }

    @Test
    void preservedDeviceTheKernelDoesNotKnow() throws Exception {
        Files.delete(host.paths.sysBlock().resolve("pmem0/size"));

        assertThat(refusals(host.device)).extracting(Refusal::code).containsExactly("PRESERVED_MEMORY_MISSING");
    }

    @Test
    void noMemmapOnTheRunningCommandLine() {
        FakeHost.write(host.paths.cmdline(), "root=/dev/vda1 console=ttyS0 -- memmap=64M!512M\n");

        assertThat(refusals(host.device)).containsExactly(new Refusal("MEMMAP_MISSING", host.paths.cmdline()
                + " has no memmap=SIZE!OFFSET reserving " + host.device + " (64 MiB at 0x20000000; reservations: none): the next"
                + " kernel, given the same command line, would not keep the region"));
    }

    @Test
    void aMemmapElsewhereDoesNotReserveTheDevice() {
        FakeHost.write(host.paths.cmdline(), "root=/dev/vda1 memmap=64M!1G memmap=4G$8G\n");

        assertThat(refusals(host.device)).singleElement().satisfies(r -> {
            assertThat(r.code()).isEqualTo("MEMMAP_MISSING");
            assertThat(r.reason()).contains("reservations: [memmap=64M!1G]");
        });
    }

    @Test
    void withoutTheDevicesAddressALargeEnoughMemmapMatches() throws Exception {
        Files.delete(host.paths.sysBlock().resolve("pmem0/device/resource"));
        FakeHost.write(host.paths.cmdline(), "memmap=32M!1G,128M!2G\n");

        KexecPrechecks.Ready ready = (KexecPrechecks.Ready) check(host.device);

        assertThat(ready.region().memmap().parameter()).isEqualTo("memmap=128M!2G");
        assertThat(ready.region().start()).isEmpty();
    }

    @Test
    void aRunningDomainWhoseRamFileIsNotOnTheRegion() {
        Path elsewhere = Path.of("/var/lib/libvirt/qemu/ram/1-instance-2/pc.ram");
        DomainInfo off = guest("instance-2", elsewhere);
        domains = new ListedDomains(guest("instance-1", host.pmemMount.resolve("ram")), off);

        assertThat(refusals(host.device)).containsExactly(new Refusal("RAM_NOT_ON_PRESERVED_REGION",
                "instance-2 (" + off.uuid() + ")'s RAM file pc.ram " + elsewhere + " (on /dev/vda1) is not on " + host.device
                        + " (mounted on [" + host.pmemMount + "]): memory_backing_dir must be on the region"));
    }

    @Test
    void aRunningDomainWithAnonymousRamOrWhenTheRegionIsNotMounted() {
        DomainInfo anonymous = ListedDomains.running("anon", ListedDomains.ANONYMOUS);
        DomainInfo filed = guest("filed", host.pmemMount.resolve("ram"));
        domains = new ListedDomains(anonymous, filed);
        host.mountPmem(false);

        List<Refusal> refusals = refusals(host.device);

        assertThat(refusals).extracting(Refusal::code).containsExactly("RAM_NOT_ON_PRESERVED_REGION", "RAM_NOT_ON_PRESERVED_REGION");
        assertThat(refusals.get(0).reason()).isEqualTo("anon (" + anonymous.uuid() + ") has no shared file-backed RAM: none of"
                + " its memory can be on " + host.device + ", which is not mounted");
        assertThat(refusals.get(1).reason()).contains("filed (" + filed.uuid() + ")'s RAM file", "which is not mounted");
    }

    @Test
    void aDomainWhoseRamFilesQemuCannotTell() {
        DomainInfo unknown = ListedDomains.running("unknown", ListedDomains.NOVA);
        domains = new ListedDomains(unknown);

        assertThat(refusals(host.device)).containsExactly(new Refusal("RAM_NOT_ON_PRESERVED_REGION", "cannot tell where"
                + " the RAM of unknown (" + unknown.uuid() + ") is: domain " + unknown.uuid() + " has no file-backed memory backend"));
    }

    @Test
    void everyReasonThatAppliesAtOnce() throws Exception {
        FakeHost.setExecutable(host.paths.kexecBinary(), false);
        Files.delete(host.kernel);
        FakeHost.write(host.paths.cmdline(), "root=/dev/vda1\n");
        domains = new ListedDomains(ListedDomains.running("anon", ListedDomains.ANONYMOUS));

        assertThat(refusals(host.device)).extracting(Refusal::code)
                .containsExactly("KEXEC_MISSING", "KERNEL_MISSING", "MEMMAP_MISSING", "RAM_NOT_ON_PRESERVED_REGION");
    }
}
