package io.molt.agent.steps;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether a process still runs, for tests that check a killed command took its children with it. */
final class LiveProcesses {

    private LiveProcesses() {
    }

    /**
     * Alive and not a zombie (state Z in /proc/PID/stat): a killed child is reparented to PID 1, which may reap
     * it only a second or two later, and until then it has stopped running.
     */
    static boolean running(long pid) throws IOException {
        if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            return false;
        }
        Path stat = Path.of("/proc", Long.toString(pid), "stat");
        if (!Files.exists(stat)) {
            return false;
        }
        String text = Files.readString(stat);
        return text.charAt(text.lastIndexOf(')') + 2) != 'Z';
    }
}
