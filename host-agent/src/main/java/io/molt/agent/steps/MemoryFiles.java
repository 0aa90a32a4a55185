package io.molt.agent.steps;

import com.fasterxml.jackson.databind.JsonNode;
import io.molt.agent.libvirt.Domains;
import io.molt.agent.libvirt.DomainsException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** The RAM files of a running domain's QEMU, found and prepared through QMP (via libvirt). */
final class MemoryFiles {

    private MemoryFiles() {
    }

    /** Alias (e.g. {@code pc.ram}, {@code ram-node0}) to file of every shared file-backed RAM backend. */
    static Map<String, Path> of(Domains domains, UUID uuid) {
        Map<String, Path> files = new LinkedHashMap<>();
        JsonNode objects = Qmp.result(domains.monitorCommand(uuid, Qmp.command("qom-list", Qmp.args().put("path", "/objects"))));
        for (JsonNode object : objects) {
            if (!"child<memory-backend-file>".equals(object.path("type").asText())) {
                continue;
            }
            String alias = object.path("name").asText();
            String path = "/objects/" + alias;
            if (!Qmp.result(domains.monitorCommand(uuid, Qmp.qomGet(path, "share"))).asBoolean()) {
                throw new DomainsException("memory backend " + alias + " of " + uuid + " is not shared");
            }
            files.put(alias, Path.of(Qmp.result(domains.monitorCommand(uuid, Qmp.qomGet(path, "mem-path"))).asText()));
        }
        if (files.isEmpty()) {
            throw new DomainsException("domain " + uuid + " has no file-backed memory backend");
        }
        return files;
    }

    /**
     * Turns off discard-data on every backend and checks it: with it on (Nova's {@code <discard/>}),
     * the old QEMU erases the RAM file when it exits after the save.
     */
    static void keepContentOnExit(Domains domains, UUID uuid, Iterable<String> aliases) {
        for (String alias : aliases) {
            String path = "/objects/" + alias;
            Qmp.result(domains.monitorCommand(uuid, Qmp.qomSetBoolean(path, "discard-data", false)));
            if (Qmp.result(domains.monitorCommand(uuid, Qmp.qomGet(path, "discard-data"))).asBoolean()) {
                throw new DomainsException("discard-data of " + alias + " is still on");
            }
        }
    }

    static void ignoreShared(Domains domains, UUID uuid, boolean on) {
        Qmp.result(domains.monitorCommand(uuid, Qmp.ignoreShared(on)));
        for (JsonNode cap : Qmp.result(domains.monitorCommand(uuid, Qmp.command("query-migrate-capabilities")))) {
            if ("x-ignore-shared".equals(cap.path("capability").asText()) && cap.path("state").asBoolean() != on) {
                throw new DomainsException("x-ignore-shared did not change on " + uuid);
            }
        }
    }
}
