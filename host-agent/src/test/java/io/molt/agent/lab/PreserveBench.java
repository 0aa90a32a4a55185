package io.molt.agent.lab;

import io.molt.agent.journal.StepJournal;
import io.molt.agent.libvirt.LibvirtDomains;
import io.molt.agent.steps.Faults;
import io.molt.agent.steps.PreservationSettings;
import io.molt.agent.steps.PreserveReplace;
import io.molt.agent.steps.Progress;
import io.molt.agent.steps.StepResult;
import io.molt.agent.steps.SuspendToDisk;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Benchmark, not a test (run by dev/virtlab/bench): the guest-visible blackout of PRESERVE_REPLACE and
 * SUSPEND_TO_DISK through the agent's own steps, per guest RAM size, one JSON line per run. The guest
 * fills 7/8 of its RAM less 64 MiB with its pattern (more and its kernel runs out of memory at 1 GiB); the blackout is the largest heartbeat gap the host
 * saw around the step; the pattern is checked by the guest after each run.
 *
 * <p>Arguments: {@code [sizes-mib (comma-separated, default 256,1024,4096)] [runs (default 3)] [methods]}.
 */
public final class PreserveBench {

    private PreserveBench() {
    }

    public static void main(String[] args) throws Exception {
        List<Integer> sizes = Arrays.stream((args.length > 0 ? args[0] : "256,1024,4096").split(","))
                .map(String::trim).map(Integer::parseInt).toList();
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        List<String> methods = args.length > 2 ? List.of(args[2].split(",")) : List.of("PRESERVE_REPLACE", "SUSPEND_TO_DISK");
        Lab.require();
        Path dir = Files.createTempDirectory("molt-bench");
        PreservationSettings settings = Lab.settings(dir);
        try (LibvirtDomains domains = new LibvirtDomains(Lab.URI)) {
            StepJournal journal = new StepJournal(dir.resolve("journal"), Clock.systemUTC());
            PreserveReplace preserve = new PreserveReplace(domains, journal, settings, Faults.NONE);
            SuspendToDisk suspend = new SuspendToDisk(domains, journal, settings);
            int op = 0;
            for (int ram : sizes) {
                try (LabGuest guest = LabGuest.start("molt-bench-" + ram, ram, fill(ram))) {
                    Duration check = Duration.ofSeconds(60 + ram / 50);
                    if (!guest.console().patternOk(check)) {
                        throw new IllegalStateException("the guest's pattern is wrong before any run");
                    }
                    for (String method : methods) {
                        for (int run = 1; run <= runs; run++) {
                            guest.console().awaitBeats(30, Duration.ofSeconds(30));
                            long start = System.nanoTime();
                            String id = "bench-" + (++op);
                            StepResult result = method.equals("PRESERVE_REPLACE")
                                    ? preserve.run(id, guest.uuid(), Progress.NONE)
                                    : resumed(suspend, id, guest, Progress.NONE);
                            if (!result.succeeded()) {
                                throw new IllegalStateException(method + " failed: " + result.message());
                            }
                            guest.console().awaitBeats(30, Duration.ofSeconds(30));
                            double blackout = guest.console().maxGapMs(start);
                            boolean continuous = guest.console().counterContinuous(start);
                            boolean pattern = guest.console().patternOk(check);
                            System.out.printf("{\"method\":\"%s\",\"ram_mib\":%d,\"run\":%d,\"blackout_ms\":%.0f,"
                                            + "\"pattern_ok\":%b,\"counter_continuous\":%b,\"lost_lines\":%d,\"details\":\"%s\"}%n",
                                    method, ram, run, blackout, pattern, continuous, guest.console().lostLines(start),
                                    timings(result));
                        }
                    }
                }
            }
        }
    }

    static int fill(int ramMib) {
        return ramMib * 7 / 8 - 64;
    }

    private static StepResult resumed(SuspendToDisk suspend, String id, LabGuest guest, Progress progress) {
        StepResult saved = suspend.suspend(id + "-s", guest.uuid(), progress);
        if (!saved.succeeded()) {
            return saved;
        }
        StepResult resumed = suspend.resume(id + "-r", guest.uuid(), progress);
        java.util.Map<String, String> details = new java.util.HashMap<>(resumed.details());
        details.putAll(saved.details());
        return new StepResult(resumed.outcome(), resumed.message(), details);
    }

    private static String timings(StepResult result) {
        StringBuilder out = new StringBuilder();
        for (String key : List.of("save_ms", "between_ms", "restore_ms", "monitor_ready_ms")) {
            if (result.details().containsKey(key)) {
                out.append(out.length() == 0 ? "" : " ").append(key).append('=').append(result.details().get(key));
            }
        }
        return out.toString();
    }
}
