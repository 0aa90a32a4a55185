package io.molt.agent.capabilities;

import static org.assertj.core.api.Assertions.assertThat;

import io.molt.protocol.KernelHandover;
import io.molt.protocol.KernelHandover.Support;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelHandoverProbeTest {

    private static final String RELEASE = "6.19.0-1-amd64";

    @TempDir
    Path dir;

    @Test
    void debianKernelsOfTodayHaveNeither() throws Exception {
        KernelHandover found = probe("# CONFIG_KEXEC_HANDOVER is not set\nCONFIG_KEXEC=y\n", "ro quiet", false);
        assertThat(found).isEqualTo(new KernelHandover(Support.ABSENT, Support.ABSENT,
                dir.resolve("boot/config-" + RELEASE).toString()));
        assertThat(found.usable()).isFalse();
    }

    @Test
    void handoverIsOnlyEnabledWhenTheCommandLineOrTheDefaultTurnsItOn() throws Exception {
        String built = "CONFIG_KEXEC_HANDOVER=y\nCONFIG_LIVEUPDATE=y\n";
        assertThat(probe(built, "ro quiet", true).kexecHandover()).isEqualTo(Support.BUILT_DISABLED);
        assertThat(probe(built, "ro kho=on quiet", true).kexecHandover()).isEqualTo(Support.ENABLED);
        assertThat(probe(built + "CONFIG_KEXEC_HANDOVER_ENABLE_DEFAULT=y\n", "ro", true).kexecHandover())
                .isEqualTo(Support.ENABLED);
        assertThat(probe(built + "CONFIG_KEXEC_HANDOVER_ENABLE_DEFAULT=y\n", "ro kho=off", true).kexecHandover())
                .as("the last kho= wins, off included").isEqualTo(Support.BUILT_DISABLED);
        assertThat(probe(built, "kho=on kho=0", true).kexecHandover()).isEqualTo(Support.BUILT_DISABLED);
    }

    @Test
    void theLiveUpdateOrchestratorIsEnabledOnlyWithItsDevice() throws Exception {
        String built = "CONFIG_KEXEC_HANDOVER=y\nCONFIG_LIVEUPDATE=y\n";
        assertThat(probe(built, "kho=on", false).liveUpdate()).isEqualTo(Support.BUILT_DISABLED);
        KernelHandover both = probe(built, "kho=on", true);
        assertThat(both.liveUpdate()).isEqualTo(Support.ENABLED);
        assertThat(both.usable()).isTrue();
    }

    @Test
    void newerDebianKernelsKeepTheirConfigBesideTheirModules() throws Exception {
        Path modules = Files.createDirectories(dir.resolve("modules").resolve("7.2.13-amd64"));
        Files.writeString(modules.resolve("config"), "CONFIG_KEXEC=y\nCONFIG_KEXEC_FILE=y\n"
                + "# CONFIG_KEXEC_HANDOVER is not set\n");
        Path osRelease = Files.writeString(dir.resolve("osrelease"), "7.2.13-amd64\n");
        Path cmdline = Files.writeString(dir.resolve("cmdline"), "kho=on\n");
        KernelHandover sid = new KernelHandoverProbe(dir.resolve("no-boot"), dir.resolve("modules"),
                dir.resolve("none.gz"), osRelease, cmdline, dir.resolve("no-device")).probe();
        assertThat(sid).as("kho=on does not help a kernel built without it")
                .isEqualTo(new KernelHandover(Support.ABSENT, Support.ABSENT, modules.resolve("config").toString()));
    }

    @Test
    void procConfigGzIsReadWhenBootHasNoConfigAndNothingReadableIsUnknown() throws Exception {
        Path gz = dir.resolve("config.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write("CONFIG_KEXEC_HANDOVER=y\n".getBytes(StandardCharsets.UTF_8));
        }
        Path osRelease = Files.writeString(dir.resolve("osrelease"), RELEASE + "\n");
        Path cmdline = Files.writeString(dir.resolve("cmdline"), "kho=on\n");
        KernelHandover fromProc = new KernelHandoverProbe(dir.resolve("no-boot"), dir.resolve("no-modules"), gz,
                osRelease, cmdline,
                dir.resolve("no-device")).probe();
        assertThat(fromProc).isEqualTo(new KernelHandover(Support.ENABLED, Support.ABSENT, gz.toString()));

        assertThat(new KernelHandoverProbe(dir.resolve("no-boot"), dir.resolve("no-modules"), dir.resolve("none.gz"),
                osRelease, cmdline,
                dir.resolve("no-device")).probe()).isEqualTo(KernelHandover.UNKNOWN);
    }

    @Test
    void thisMachinesKernelConfigIsFoundWhereTheKernelPutsIt() throws Exception {
        KernelHandover here = KernelHandoverProbe.system().probe();
        Path boot = Path.of("/boot/config-" + Files.readString(Path.of("/proc/sys/kernel/osrelease")).trim());
        Path modules = Path.of("/lib/modules", boot.getFileName().toString().substring("config-".length()), "config");
        Path proc = Path.of("/proc/config.gz");
        String expected = java.util.stream.Stream.of(boot, modules, proc).filter(Files::isReadable).findFirst()
                .map(Path::toString).orElse(null);
        assertThat(here.configSource()).isEqualTo(expected);
        if (!Files.exists(Path.of("/dev/liveupdate"))) {
            assertThat(here.liveUpdate()).isNotEqualTo(Support.ENABLED);
            assertThat(here.usable()).isFalse();
        }
    }

    private KernelHandover probe(String config, String cmdline, boolean device) throws Exception {
        Path boot = Files.createDirectories(dir.resolve("boot"));
        Files.writeString(boot.resolve("config-" + RELEASE), config);
        Path osRelease = Files.writeString(dir.resolve("osrelease"), RELEASE + "\n");
        Path commandLine = Files.writeString(dir.resolve("cmdline"), cmdline + "\n");
        Path liveUpdate = dir.resolve("liveupdate");
        Files.deleteIfExists(liveUpdate);
        if (device) {
            Files.createFile(liveUpdate);
        }
        return new KernelHandoverProbe(boot, dir.resolve("no-modules"), dir.resolve("none.gz"), osRelease,
                commandLine, liveUpdate).probe();
    }
}
