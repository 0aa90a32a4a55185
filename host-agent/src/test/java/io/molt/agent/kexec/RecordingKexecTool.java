package io.molt.agent.kexec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/** Records what it was asked to stage and writes kexec_loaded as the kernel would; can fail as told. */
final class RecordingKexecTool implements KexecTool {

    record Load(Path kernel, Optional<Path> initrd, String cmdline) {
    }

    final List<Load> loads = new ArrayList<>();
    private final Path kexecLoaded;
    private Supplier<KexecRun> answer = () -> new KexecRun(List.of("kexec", "-l"), 0, "");
    private Runnable beforeLoad = () -> { };

    RecordingKexecTool(Path kexecLoaded) {
        this.kexecLoaded = kexecLoaded;
    }

    /** The kernel refuses with this strerror text, as kexec-tools prints it. */
    void refuseWith(String errno) {
        answer = () -> new KexecRun(List.of("kexec", "-l"), 255, "kexec_load failed: " + errno + "\nentry = 0x1\n");
    }

    void answer(KexecRun run) {
        answer = () -> run;
    }

    void beforeLoad(Runnable check) {
        beforeLoad = check;
    }

    @Override
    public KexecRun load(Path kernel, Optional<Path> initrd, String commandLine) {
        beforeLoad.run();
        loads.add(new Load(kernel, initrd, commandLine));
        KexecRun run = answer.get();
        if (run.ok()) {
            FakeHost.write(kexecLoaded, "1\n");
        }
        return run;
    }

    @Override
    public KexecRun unload() {
        FakeHost.write(kexecLoaded, "0\n");
        return new KexecRun(List.of("kexec", "-u"), 0, "");
    }
}
