package io.molt.service.cli.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code molt campaign ...}: the campaigns of a running service over its REST API (docs/cli.md), signed in as
 * the {@code openstack} CLI is.
 */
@Command(name = "campaign", mixinStandardHelpOptions = true,
        description = "Campaigns of a running service: create, list, show, plan, approve, pause, resume, abort, "
                + "events, watch.", subcommands = picocli.CommandLine.HelpCommand.class,
        exitCodeListHeading = "Exit codes:%n", exitCodeList = {"0:done (with --wait: the awaited state reached)",
            "1:the service refused the request (its message is printed) or is unreachable", "2:usage",
            "3:no credentials, Keystone refused them, or no Molt endpoint in the catalog",
            "4:--wait: the campaign settled in another state", "5:--wait: timed out (the campaign goes on)"})
public final class CampaignCommand {

    static final List<String> CAMPAIGN = List.of("id", "name", "state", "state_reason", "target", "hosts",
            "upgrade_command", "created_by", "created_at", "updated_at");
    private static final List<String> LIST = List.of("id", "name", "state", "target", "created_at");
    private static final List<String> EVENTS = List.of("id", "occurred_at", "type", "host", "vm_uuid", "message");
    private static final List<String> PLAN = List.of("wave", "host", "vm_name", "action", "destination",
            "predicted_downtime_ms", "vm_uuid", "reason");
    private static final List<String> PLAN_SHOWN = PLAN.subList(0, 6);
    private static final List<String> HOSTS = List.of("host", "wave", "position", "state", "step", "attempt",
            "last_error", "updated_at");
    private static final List<String> VMS = List.of("vm_uuid", "vm_name", "source_host", "action", "destination",
            "state", "predicted_downtime_ms", "actual_downtime_ms", "last_error");

    private final ObjectMapper json = new ObjectMapper();

    @Spec
    CommandSpec spec;

    /** {@code --wait} and its timeout. */
    static final class WaitOptions {
        @Option(names = "--wait", description = "wait until the campaign reaches the state this action leads to")
        boolean wait;

        @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "3600",
                description = "with --wait: give up after this long (default: ${DEFAULT-VALUE})")
        long timeoutSeconds;

        @Option(names = "--poll", paramLabel = "SECONDS", defaultValue = "2",
                description = "with --wait: read the campaign this often (default: ${DEFAULT-VALUE})")
        double pollSeconds;

        Duration every() {
            return Duration.ofMillis((long) (pollSeconds * 1000));
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Plan a campaign (a dry run: nothing "
            + "in the cloud is touched until it is approved). The upgrade command follows --.")
    int create(@Mixin ConnectionOptions connection, @Mixin FormatOptions format, @Mixin WaitOptions wait,
            @Option(names = "--name", defaultValue = "campaign") String name,
            @Option(names = "--hosts", split = ",", paramLabel = "HOST,...") List<String> hosts,
            @Option(names = "--aggregate") String aggregate,
            @Option(names = "--availability-zone") String zone,
            @Option(names = "--target", required = true, paramLabel = "TARGET",
                    description = "USERSPACE, KERNEL or FULL_REBOOT") String target,
            @Option(names = "--command-timeout", paramLabel = "SECONDS") Long commandTimeout,
            @Option(names = "--expected-hypervisor-version", paramLabel = "VERSION") String expectedVersion,
            @Option(names = "--max-hosts-down", paramLabel = "N") Integer maxHostsDown,
            @Option(names = "--max-migrations-per-host", paramLabel = "N") Integer maxMigrationsPerHost,
            @Option(names = "--max-vm-downtime-ms", paramLabel = "MS") Long maxVmDowntime,
            @Option(names = "--allowed-actions", split = ",", paramLabel = "ACTION,...") List<String> allowed,
            @Parameters(paramLabel = "COMMAND", arity = "1..*",
                    description = "the upgrade command the agent runs on each host") List<String> command) {
        return RemoteCall.run(spec, out -> {
            ObjectNode body = json.createObjectNode().put("name", name).put("target", target);
            if (hosts != null) {
                hosts.forEach(body.putArray("hosts")::add);
            }
            putIfSet(body, "aggregate", aggregate);
            putIfSet(body, "availability_zone", zone);
            ObjectNode upgrade = body.putObject("upgrade");
            command.forEach(upgrade.putArray("command")::add);
            if (commandTimeout != null) {
                upgrade.put("timeout_seconds", commandTimeout);
            }
            putIfSet(upgrade, "expected_hypervisor_version", expectedVersion);
            ObjectNode options = json.createObjectNode();
            if (maxHostsDown != null) {
                options.put("max_hosts_down", maxHostsDown);
            }
            if (maxMigrationsPerHost != null) {
                options.put("max_migrations_per_host", maxMigrationsPerHost);
            }
            if (maxVmDowntime != null) {
                options.put("max_vm_downtime_ms", maxVmDowntime);
            }
            if (allowed != null) {
                allowed.forEach(options.putArray("allowed_actions")::add);
            }
            if (!options.isEmpty()) {
                body.set("options", options);
            }
            // create is synchronous (the plan is stored before the answer): --wait has nothing more to wait for
            format.output().one(out, CAMPAIGN, connection.connect().post("/campaigns", body).path("campaign"));
        });
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the campaigns.")
    int list(@Mixin ConnectionOptions connection, @Mixin FormatOptions format) {
        return RemoteCall.run(spec, out -> format.output().many(out, LIST,
                connection.connect().get("/campaigns").path("campaigns")));
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show a campaign.")
    int show(@Mixin ConnectionOptions connection, @Mixin FormatOptions format, @Parameters(paramLabel = "ID") String id) {
        return RemoteCall.run(spec, out -> format.output().one(out, CAMPAIGN,
                connection.connect().get("/campaigns/" + id).path("campaign")));
    }

    @Command(name = "hosts", mixinStandardHelpOptions = true, description = "A campaign's hosts: state, step, error.")
    int hosts(@Mixin ConnectionOptions connection, @Mixin FormatOptions format,
            @Parameters(paramLabel = "ID") String id) {
        return RemoteCall.run(spec, out -> format.output().many(out, HOSTS,
                connection.connect().get("/campaigns/" + id + "/hosts").path("hosts")));
    }

    @Command(name = "vms", mixinStandardHelpOptions = true,
            description = "A campaign's VM actions: planned action, state, predicted and measured downtime.")
    int vms(@Mixin ConnectionOptions connection, @Mixin FormatOptions format, @Parameters(paramLabel = "ID") String id) {
        return RemoteCall.run(spec, out -> format.output().many(out, VMS,
                connection.connect().get("/campaigns/" + id + "/vms").path("vms")));
    }

    @Command(name = "plan", mixinStandardHelpOptions = true, description = "A campaign's plan: a table of its VM "
            + "actions per wave and host (-c vm_uuid, -c reason: more); -f json or yaml gives the whole plan document.")
    int plan(@Mixin ConnectionOptions connection, @Mixin FormatOptions format, @Parameters(paramLabel = "ID") String id) {
        return RemoteCall.run(spec, out -> {
            MoltApi api = connection.connect();
            JsonNode document = api.get("/campaigns/" + id + "/plan");
            if (format.format == Output.Format.json || format.format == Output.Format.yaml) {
                new Output(format.format, List.of()).whole(out, document);
                return;
            }
            Map<String, Integer> waves = new HashMap<>();
            api.get("/campaigns/" + id + "/hosts").path("hosts")
                    .forEach(h -> waves.put(h.path("host").asText(), h.path("wave").asInt()));
            ArrayNode rows = json.createArrayNode();
            for (JsonNode vm : api.get("/campaigns/" + id + "/vms").path("vms")) {
                ObjectNode row = ((ObjectNode) vm.deepCopy()).put("host", vm.path("source_host").asText());
                row.put("wave", waves.getOrDefault(vm.path("source_host").asText(), 0));
                rows.add(row);
            }
            if (!document.path("feasible").asBoolean(true)) {
                out.println("not feasible: " + document.path("violations"));
            }
            format.output().many(out, PLAN, PLAN_SHOWN, rows);
        });
    }

    @Command(name = "approve", mixinStandardHelpOptions = true,
            description = "Approve a planned campaign; with --wait, wait until it is DONE.")
    int approve(@Mixin ConnectionOptions connection, @Mixin FormatOptions format, @Mixin WaitOptions wait,
            @Parameters(paramLabel = "ID") String id) {
        return act(connection, format, wait, id, "approve", null, "DONE");
    }

    @Command(name = "pause", mixinStandardHelpOptions = true, description = "Pause at the next safe point; with "
            + "--wait, wait until it is PAUSED and the agent commands already sent have completed.")
    int pause(@Mixin ConnectionOptions connection, @Mixin FormatOptions format, @Mixin WaitOptions wait,
            @Parameters(paramLabel = "ID") String id) {
        return act(connection, format, wait, id, "pause", null, "PAUSED");
    }

    @Command(name = "resume", mixinStandardHelpOptions = true,
            description = "Resume a paused campaign; with --wait, wait until it is DONE.")
    int resume(@Mixin ConnectionOptions connection, @Mixin FormatOptions format, @Mixin WaitOptions wait,
            @Parameters(paramLabel = "ID") String id) {
        return act(connection, format, wait, id, "resume", null, "DONE");
    }

    @Command(name = "abort", mixinStandardHelpOptions = true, description = "Abort: pending hosts are skipped, hosts "
            + "in flight brought back; with --wait, wait until it is ABORTED.")
    int abort(@Mixin ConnectionOptions connection, @Mixin FormatOptions format, @Mixin WaitOptions wait,
            @Option(names = "--keep-hosts-disabled", description = "do not re-enable the hosts the campaign disabled")
            boolean keepDisabled, @Parameters(paramLabel = "ID") String id) {
        return act(connection, format, wait, id, "abort", json.createObjectNode().put("re_enable_hosts", !keepDisabled),
                "ABORTED");
    }

    @Command(name = "events", mixinStandardHelpOptions = true, description = "A campaign's events (the audit trail).")
    int events(@Mixin ConnectionOptions connection, @Mixin FormatOptions format,
            @Option(names = "--after", paramLabel = "EVENT_ID", defaultValue = "0") long after,
            @Option(names = "--limit", paramLabel = "N", defaultValue = "200",
                    description = "at most this many (1 to 1000; default: ${DEFAULT-VALUE})") int limit,
            @Parameters(paramLabel = "ID") String id) {
        return RemoteCall.run(spec, out -> format.output().many(out, EVENTS, connection.connect()
                .get("/campaigns/" + id + "/events?after=" + after + "&limit=" + limit).path("events")));
    }

    @Command(name = "watch", mixinStandardHelpOptions = true, description = "Follow a campaign until it ends: a "
            + "view redrawn in place on a terminal, a status line per change otherwise. Exits 0 when it is DONE, "
            + "4 when it ended ABORTED or FAILED.")
    int watch(@Mixin ConnectionOptions connection, @Parameters(paramLabel = "ID") String id,
            @Option(names = "--interval", paramLabel = "SECONDS", defaultValue = "1") double interval,
            @Option(names = "--plain", description = "status lines even on a terminal") boolean plain) {
        return RemoteCall.run(spec, out -> {
            boolean ansi = !plain && System.console() != null && !"dumb".equals(System.getenv("TERM"));
            JsonNode last = new CampaignWatch(connection.connect(), out, ansi,
                    Duration.ofMillis((long) (interval * 1000))).follow(id);
            if (!last.path("state").asText().equals("DONE")) {
                throw new CliFailure(ExitCodes.NOT_AWAITED, "campaign " + id + " ended " + last.path("state").asText()
                        + (last.path("state_reason").asText("").isEmpty() ? "" : ": " + last.path("state_reason")
                        .asText()));
            }
        });
    }

    private int act(ConnectionOptions connection, FormatOptions format, WaitOptions wait, String id, String action,
            JsonNode body, String awaited) {
        return RemoteCall.run(spec, out -> {
            MoltApi api = connection.connect();
            JsonNode campaign = api.post("/campaigns/" + id + "/" + action, body).path("campaign");
            if (wait.wait) {
                campaign = new CampaignWait(api, wait.every()).until(id, awaited, Duration.ofSeconds(wait.timeoutSeconds));
            }
            format.output().one(out, CAMPAIGN, campaign);
        });
    }

    private static void putIfSet(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }
}
