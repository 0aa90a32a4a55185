package io.molt.agent.kexec;

import static org.assertj.core.api.Assertions.assertThat;

import io.molt.agent.journal.JournalEntry;
import io.molt.agent.journal.StepJournal;
import io.molt.agent.libvirt.DomainInfo;
import io.molt.agent.libvirt.DomainsException;
import io.molt.agent.steps.Progress;
import io.molt.agent.steps.StepResult;
import io.molt.protocol.Report;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KexecPrepareTest {

    @TempDir
    Path dir;

    private FakeHost host;
    private StepJournal journal;
    private RecordingKexecTool tool;
    private final Map<UUID, Map<String, Path>> ram = new HashMap<>();
    private ListedDomains domains = new ListedDomains();

    @BeforeEach
    void host() {
        host = new FakeHost(dir);
        journal = new StepJournal(dir.resolve("journal"), Clock.systemUTC());
        tool = new RecordingKexecTool(host.paths.kexecLoaded());
    }

    private KexecPrepare step(Path device, boolean executeAllowed) {
        RamFiles ramFiles = uuid -> {
            if (!ram.containsKey(uuid)) {
                throw new DomainsException("no QMP answer for " + uuid);
            }
            return ram.get(uuid);
        };
        return new KexecPrepare(journal, new KexecPrechecks(domains, ramFiles, device, host.paths), tool,
                host.paths.kexecLoaded(), executeAllowed);
    }

    private StepResult prepare(String id) {
        return step(host.device, false).run(id, host.kernel, Optional.of(host.initrd), Progress.NONE);
    }

    private DomainInfo guestWithRamAt(String name, Path file) {
        DomainInfo guest = ListedDomains.running(name, ListedDomains.NOVA);
        ram.put(guest.uuid(), Map.of("pc.ram", file));
        return guest;
    }

    @Test
    void stagesTheKernelWithTheRunningCommandLineAndReportsWhatExecuteWouldDo() throws Exception {
        DomainInfo guest = guestWithRamAt("instance-1", host.pmemMount.resolve("libvirt/qemu/1-instance-1/pc.ram"));
        domains = new ListedDomains(guest);

        StepResult result = prepare("op-1");

        assertThat(result.outcome()).as(result.message()).isEqualTo(Report.Outcome.SUCCEEDED);
        assertThat(tool.loads).containsExactly(new RecordingKexecTool.Load(host.kernel, Optional.of(host.initrd), FakeHost.CMDLINE));
        assertThat(Files.readString(host.paths.kexecLoaded()).trim()).isEqualTo("1");
        assertThat(result.details())
                .containsEntry("kernel", host.kernel.toString())
                .containsEntry("initrd", host.initrd.toString())
                .containsEntry("cmdline", FakeHost.CMDLINE)
                .containsEntry("device", host.device.toString())
                .containsEntry("region_bytes", Long.toString(64L << 20))
                .containsEntry("region_start", "0x20000000")
                .containsEntry("memmap", "memmap=64M!512M")
                .containsEntry("domains", guest.uuid().toString())
                .containsEntry("execute_allowed", "false");
        assertThat(result.message()).contains("instance-1 (" + guest.uuid() + ")", "mounted on [" + host.pmemMount + "]",
                "not allowed here: kexec.execute.allowed=false");
        assertThat(journal.entries("op-1")).extracting(JournalEntry::phase).containsExactly("STAGING", "DONE");
    }

    @Test
    void journalsTheStagingBeforeKexecRuns() {
        tool.beforeLoad(() -> assertThat(journal.last("op-1")).map(JournalEntry::phase).contains("STAGING"));

        assertThat(prepare("op-1").succeeded()).isTrue();
    }

    @Test
    void aRepeatedOperationAnswersTheRecordedResultAndANewOneStagesAgain() {
        StepResult first = prepare("op-1");
        StepResult again = prepare("op-1");

        assertThat(tool.loads).hasSize(1);
        assertThat(again.outcome()).isEqualTo(first.outcome());
        assertThat(again.message()).isEqualTo(first.message());

        assertThat(prepare("op-2").succeeded()).isTrue();
        assertThat(tool.loads).hasSize(2); // kexec -l replaces the image staged before
    }

    @Test
    void anOperationLeftStagingIsStagedAgainFromTheJournal() {
        Map<String, String> plan = Map.of("kernel", host.kernel.toString(), "initrd", "", "cmdline", "root=/dev/vda1 memmap=64M!512M",
                "execute", "kexec -e would ...");
        JournalEntry open = journal.record("op-1", KexecPrepare.STEP, "STAGING", plan);

        StepResult result = step(host.device, false).finish(open);

        assertThat(result.succeeded()).as(result.message()).isTrue();
        assertThat(tool.loads).containsExactly(new RecordingKexecTool.Load(host.kernel, Optional.empty(), "root=/dev/vda1 memmap=64M!512M"));
    }

    @Test
    void withExecutionAllowedItSaysSoAndThatExecutingIsNotImplemented() {
        StepResult result = step(host.device, true).run("op-1", host.kernel, Optional.empty(), Progress.NONE);

        assertThat(result.details()).containsEntry("execute_allowed", "true").containsEntry("initrd", "");
        assertThat(result.message()).contains("kexec.execute.allowed=true: the agent kexecs at the end of a KERNEL campaign's upgrade");
        assertThat(tool.loads.get(0).initrd()).isEmpty();
    }

    @Test
    void aKernelWithoutKexecIsARefusalWithTheErrnoText() {
        tool.refuseWith("Function not implemented");

        StepResult result = prepare("op-1");

        assertThat(result.outcome()).isEqualTo(Report.Outcome.REFUSED);
        assertThat(result.details()).containsEntry("refusals", "KEXEC_UNSUPPORTED").containsKey("cmdline");
        assertThat(result.message()).isEqualTo("KEXEC_UNSUPPORTED: this kernel cannot stage a kexec (kexec_load failed:"
                + " Function not implemented)");
        assertThat(journal.last("op-1").orElseThrow().phase()).isEqualTo("REFUSED");
        assertThat(prepare("op-1").message()).isEqualTo(result.message());
    }

    @Test
    void aKernelThatDoesNotPermitKexecIsARefusalWithTheErrnoText() {
        tool.refuseWith("Operation not permitted");

        StepResult result = prepare("op-1");

        assertThat(result.details()).containsEntry("refusals", "KEXEC_NOT_PERMITTED");
        assertThat(result.message()).startsWith("KEXEC_NOT_PERMITTED: the kernel does not let the agent stage a kexec"
                + " (kexec_load failed: Operation not permitted;");
    }

    @Test
    void anyOtherKexecErrorFails() {
        tool.answer(new KexecRun(List.of("kexec", "-l"), 1, "Cannot determine the file type of /boot/vmlinuz\n"));

        StepResult result = prepare("op-1");

        assertThat(result.outcome()).isEqualTo(Report.Outcome.FAILED);
        assertThat(result.message()).isEqualTo("kexec -l failed: exit 1: Cannot determine the file type of /boot/vmlinuz");
    }

    @Test
    void aLoadThatLeavesNothingStagedFails() {
        KexecTool forgetful = new KexecTool() {
            @Override
            public KexecRun load(Path kernel, Optional<Path> initrd, String commandLine) {
                return new KexecRun(List.of("kexec", "-l"), 0, "");
            }

            @Override
            public KexecRun unload() {
                return new KexecRun(List.of("kexec", "-u"), 0, "");
            }
        };
        KexecPrepare step = new KexecPrepare(journal, new KexecPrechecks(domains, uuid -> Map.of(), host.device, host.paths),
                forgetful, host.paths.kexecLoaded(), false);

        StepResult result = step.run("op-1", host.kernel, Optional.empty(), Progress.NONE);

        assertThat(result.outcome()).isEqualTo(Report.Outcome.FAILED);
        assertThat(result.message()).contains("reads '0', not 1");
    }
}
