package io.molt.service.adapter.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.molt.service.domain.plan.CampaignOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One schema of campaign options: an options file and a request's {@code options} read alike. */
class CampaignOptionsJsonTest {

    private final CampaignOptionsJson json = new CampaignOptionsJson();
    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void maxHostsDownMeansTheCampaignWideLimitInAFileAndInARequest(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("options.json");
        Files.writeString(file, "{\"max_hosts_down\": 3}");
        CampaignOptions fromFile = json.read(file);
        CampaignOptions fromRequest = json.readRequest(mapper.readTree("{\"max_hosts_down\": 3}"));
        assertThat(fromRequest).isEqualTo(fromFile);
        assertThat(fromRequest.maxHostsDown()).isEqualTo(3);
        assertThat(fromRequest.maxHostsDownPerAz()).isEqualTo(1);
        assertThat(fromRequest.maxHostsDownPerAggregate()).isEqualTo(1);
    }

    @Test
    void aRequestTakesEveryOptionOfTheFile() throws Exception {
        CampaignOptions options = json.readRequest(mapper.readTree("""
                {"max_hosts_down": 4, "max_hosts_down_per_az": 2, "max_migrations_total": 5,
                 "downtime_slack_ms": 0, "ratios": {"ram": 1.0}, "cost": {"kexec_seconds": 9.5}}"""));
        assertThat(options.maxHostsDownPerAz()).isEqualTo(2);
        assertThat(options.maxMigrationsTotal()).isEqualTo(5);
        assertThat(options.downtimeSlackMs()).isZero();
        assertThat(options.ratios().ram()).isEqualTo(1.0);
        assertThat(options.cost().kexecSeconds()).isEqualTo(9.5);
        assertThat(json.readRequest(null)).isEqualTo(CampaignOptions.defaults());
    }

    @Test
    void hooksAreOnUnlessARequestTurnsThemOffAndOptionsStoredBeforeTheKeyExistedKeepThem() throws Exception {
        assertThat(json.readRequest(null).hooks()).isTrue();
        assertThat(json.readRequest(mapper.readTree("{\"hooks\": false}")).hooks()).isFalse();
        assertThat(json.read("{\"max_hosts_down\": 2}").hooks()).as("a campaign stored before hooks existed").isTrue();
        for (String value : new String[] {"\"false\"", "0", "null"}) {
            assertThatThrownBy(() -> json.readRequest(mapper.readTree("{\"hooks\": " + value + "}"))).as(value)
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("options.hooks");
        }
    }

    @Test
    void unknownKeysAreRefusedWithTheKeyNamed() {
        assertThatThrownBy(() -> json.read("{\"max_host_down\": 2}")).hasMessageContaining("'max_host_down'")
                .hasMessageContaining("max_hosts_down");
        assertThatThrownBy(() -> json.readRequest(mapper.readTree("{\"ratios\": {\"gpu\": 2}}")))
                .hasMessageContaining("'options.ratios.gpu'");
    }

    @Test
    void valuesOfTheWrongTypeAreRefusedWithTheKeyNamed() {
        for (String value : new String[] {"\"1\"", "1.5", "false", "[1]", "2147483648"}) {
            assertThatThrownBy(() -> json.readRequest(mapper.readTree("{\"max_hosts_down\": " + value + "}")))
                    .as(value).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("options.max_hosts_down");
        }
        assertThatThrownBy(() -> json.read("{\"allowed_actions\": [\"FLY\"]}"))
                .hasMessageContaining("allowed_actions").hasMessageContaining("LIVE_MIGRATE");
        assertThatThrownBy(() -> json.read("{\"allowed_actions\": null}"))
                .hasMessageContaining("'allowed_actions' must not be null");
        assertThatThrownBy(() -> json.readRequest(mapper.readTree("\"x\""))).hasMessageContaining("'options'");
    }

    @Test
    void valuesOutOfRangeNameTheKey() {
        assertThatThrownBy(() -> json.read("{\"max_hosts_down_per_az\": 0}"))
                .hasMessageContaining("max_hosts_down_per_az must be at least 1, not 0");
        assertThatThrownBy(() -> json.readRequest(mapper.readTree("{\"max_vm_downtime_ms\": -1}")))
                .hasMessageContaining("max_vm_downtime_ms");
        assertThatThrownBy(() -> json.readRequest(mapper.readTree("{\"ratios\": {\"cpu\": 0}}")))
                .hasMessageContaining("options.ratios");
    }

    @Test
    void aRequestGivesItsHostsAtTheTopNotInItsOptions() throws Exception {
        JsonNode options = mapper.readTree("{\"upgraded_hosts\": [\"compute-1\"]}");
        assertThatThrownBy(() -> json.readRequest(options)).hasMessageContaining("'options.upgraded_hosts'")
                .hasMessageContaining("top of the request");
        assertThat(json.read("{\"upgraded_hosts\": [\"compute-1\"]}").upgradedHosts()).containsExactly("compute-1");
    }

    @Test
    void storedOptionsReadBack() throws Exception {
        CampaignOptions options = CampaignOptions.builder().maxHostsDown(3, 2, 1).maxVmDowntimeMs(5000L).build();
        assertThat(json.read(json.write(options))).isEqualTo(options);
    }

    @Test
    void aBadFileIsRefusedWithItsName(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("options.json");
        Files.writeString(file, "{\"max_hosts_down\": ");
        assertThatThrownBy(() -> json.read(file)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("not valid JSON");
    }
}
