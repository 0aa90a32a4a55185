package io.molt.service.cli.remote;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The watch view of a known campaign read from the API: four hosts in two waves, three VMs. */
class WatchViewTest {

    private static final Instant START = Instant.parse("2026-12-03T07:00:00Z");
    private static final String HOSTS = """
            [{"host": "c-0", "wave": 1, "position": 0, "state": "DONE", "attempt": 1},
             {"host": "c-1", "wave": 1, "position": 1, "state": "PRESERVED", "step": "RESTORE", "attempt": 2,
              "step_started_at": "2026-12-03T07:01:30Z"},
             {"host": "c-2", "wave": 2, "position": 2, "state": "FAILED", "last_error": "exit code 100"},
             {"host": "c-3", "wave": 2, "position": 3, "state": "PENDING"}]""";
    private static final String VMS = """
            [{"action": "PRESERVE", "state": "DONE", "actual_downtime_ms": 1250},
             {"action": "LIVE_MIGRATE", "state": "DONE", "actual_downtime_ms": null},
             {"action": "PRESERVE", "state": "PENDING"}]""";

    @Test
    void drawsStateHostsPerStateABarPerWaveVmsDowntimeAndBusyHosts() throws Exception {
        List<String> lines = WatchView.lines(seen(), START.plusSeconds(100)).stream()
                .map(l -> l.replaceAll("\033\\[[0-9;]*m", "")).toList();

        assertThat(lines).containsExactly(
                "campaign c1 qemu  PAUSED  hosts done 1/4  running 0:01:40",
                "  host c-2 failed in step UPGRADE",
                "hosts  DONE 1  PRESERVED 1  FAILED 1  PENDING 1",
                "wave 1   [###############>>>>>>>>>>>>>>>] 1/2 done",
                "wave 2   [xxxxxxxxxxxxxxx...............] 0/2 done",
                "VMs  preserved 1/2  migrated 1/1  suspended 0/0  terminated 0/0  restarted 0/0",
                "downtime so far 1.3 s over 1 VM measured",
                "busy hosts:",
                "  c-1                  wave 1   PRESERVED  -> RESTORE          0:00:10 attempt 2",
                "  c-2                  wave 2   FAILED     ->                  exit code 100");
    }

    @Test
    void thePlainLineNamesTheBusyHostsAndTheirSteps() throws Exception {
        assertThat(WatchView.statusLine(seen(), START.plusSeconds(100))).isEqualTo("[0:01:40] PAUSED hosts 1/4 "
                + "(DONE 1  PRESERVED 1  FAILED 1  PENDING 1)  VMs preserved 1/2  migrated 1/1  suspended 0/0  "
                + "terminated 0/0  restarted 0/0  downtime 1.3 s over 1 VM measured  busy: c-1:RESTORE");
    }

    @Test
    void everyPartOfAWaveWithAHostGetsACell() throws Exception {
        List<JsonNode> hosts = new ArrayList<>();
        new ObjectMapper().readTree("[{\"state\": \"DONE\"}]").forEach(hosts::add);
        for (int i = 0; i < 99; i++) {
            hosts.add(new ObjectMapper().readTree("{\"state\": \"PENDING\"}"));
        }
        assertThat(WatchView.bar(hosts).replaceAll("\033\\[[0-9;]*m", "")).isEqualTo("#" + ".".repeat(29));
    }

    private static WatchView.Seen seen() throws Exception {
        ObjectMapper json = new ObjectMapper();
        JsonNode campaign = json.readTree("""
                {"id": "c1", "name": "qemu", "state": "PAUSED", "state_reason": "host c-2 failed in step UPGRADE"}""");
        return new WatchView.Seen(campaign, json.readTree(HOSTS), json.readTree(VMS), List.of(), START);
    }
}
