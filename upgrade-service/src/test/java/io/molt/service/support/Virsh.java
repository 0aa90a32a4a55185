package io.molt.service.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The host's libvirt (qemu:///system) as an operator sees it, through {@code virsh}: for checks in tests. */
public final class Virsh {

    private static final String URI = "qemu:///system";

    private Virsh() {
    }

    /** Runs virsh with the arguments; returns its stdout, or throws with its output if it fails. */
    public static String run(String... args) {
        List<String> command = new ArrayList<>(List.of("virsh", "-q", "-c", URI));
        command.addAll(List.of(args));
        return HostCommand.run(Duration.ofSeconds(60), command);
    }

    /** Running domains: UUID -> name. */
    public static Map<String, String> runningDomains() {
        Map<String, String> domains = new LinkedHashMap<>();
        for (String name : run("list", "--name").split("\n")) {
            if (!name.isBlank()) {
                domains.put(run("domuuid", name.trim()).trim(), name.trim());
            }
        }
        return domains;
    }

    /** What the domain's running QEMU says it is ({@code query-version}), e.g. "10.0.2". */
    public static String qemuVersion(String domain) {
        String json = run("qemu-monitor-command", domain, "{\"execute\":\"query-version\"}").replace(" ", "");
        return field(json, "major") + "." + field(json, "minor") + "." + field(json, "micro");
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":(\\d+)").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }

    /** The pty of the domain's serial console (where the heartbeat guest reads its requests). */
    public static String serialPty(String domain) {
        Matcher m = Pattern.compile("<serial type='pty'>\\s*<source path='([^']+)'").matcher(run("dumpxml", domain));
        if (!m.find()) {
            throw new IllegalStateException("no serial pty in the XML of " + domain);
        }
        return m.group(1);
    }

    /** The version libvirtd reports for itself: "9.0.0", "11.3.0". */
    public static String libvirtVersion() {
        Matcher m = Pattern.compile("Running against daemon: (\\S+)").matcher(run("version", "--daemon"));
        return m.find() ? m.group(1) : "unknown";
    }
}
