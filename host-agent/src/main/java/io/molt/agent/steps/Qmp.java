package io.molt.agent.steps;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.molt.agent.libvirt.DomainsException;

/** QMP commands and answers (QEMU's JSON monitor protocol), as far as the steps use them. */
final class Qmp {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Qmp() {
    }

    static String command(String execute) {
        return JSON.createObjectNode().put("execute", execute).toString();
    }

    static String command(String execute, ObjectNode arguments) {
        ObjectNode cmd = JSON.createObjectNode().put("execute", execute);
        cmd.set("arguments", arguments);
        return cmd.toString();
    }

    static ObjectNode args() {
        return JSON.createObjectNode();
    }

    static String ignoreShared(boolean on) {
        ObjectNode capability = JSON.createObjectNode().put("capability", "x-ignore-shared").put("state", on);
        ObjectNode arguments = args();
        arguments.putArray("capabilities").add(capability);
        return command("migrate-set-capabilities", arguments);
    }

    static String qomGet(String path, String property) {
        return command("qom-get", args().put("path", path).put("property", property));
    }

    static String qomSetBoolean(String path, String property, boolean value) {
        return command("qom-set", args().put("path", path).put("property", property).put("value", value));
    }

    /** The {@code return} of an answer; an {@code error} answer throws with QEMU's description. */
    static JsonNode result(String answer) {
        JsonNode node = parse(answer);
        if (node.has("error")) {
            throw new DomainsException("QEMU refused: " + node.get("error").path("desc").asText(answer));
        }
        return node.path("return");
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new DomainsException("unreadable QMP answer: " + json, e);
        }
    }
}
