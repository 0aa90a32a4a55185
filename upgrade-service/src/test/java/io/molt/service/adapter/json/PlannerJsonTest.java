package io.molt.service.adapter.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.molt.service.domain.cloud.CloudSnapshot;
import io.molt.service.domain.cloud.HostCapabilities;
import io.molt.service.domain.cloud.SyntheticCloud;
import io.molt.service.domain.cloud.SyntheticCloudSpec;
import io.molt.service.domain.cloud.VmPolicy;
import io.molt.service.domain.cloud.VmState;
import io.molt.service.domain.plan.Action;
import io.molt.service.domain.plan.CampaignOptions;
import io.molt.service.domain.plan.UpgradePlanner;
import io.molt.service.domain.plan.UpgradeTarget;
import org.junit.jupiter.api.Test;

/** The JSON forms of docs/snapshot-format.md: snapshot, campaign options, plan. */
class PlannerJsonTest {

    @Test
    void aSnapshotSurvivesTheRoundTrip() throws Exception {
        CloudSnapshot cloud = SyntheticCloud.generate(SyntheticCloudSpec.of(20, 5, 1));
        SnapshotJson json = new SnapshotJson();
        assertThat(json.read(json.write(cloud))).isEqualTo(cloud);
    }

    @Test
    void theMinimalDocumentedSnapshotReadsWithDefaults() throws Exception {
        CloudSnapshot cloud = new SnapshotJson().read("""
                {"hosts": [{"name": "compute-1", "capacity": {"vcpus": 32, "ram_mib": 65536, "disk_gib": 1000}}],
                 "vms": [{"uuid": "a1", "host": "compute-1", "flavor": {"vcpus": 2, "ram_mib": 4096, "disk_gib": 20},
                          "metadata": {"molt:policy": "migrate", "molt:max-downtime-ms": "2000"}}],
                 "server_groups": [{"id": "g", "policy": "anti-affinity", "members": ["a1"]}]}
                """);
        assertThat(cloud.hosts().get(0).enabled()).isTrue();
        assertThat(cloud.hosts().get(0).up()).isTrue();
        assertThat(cloud.hosts().get(0).capabilities()).isEqualTo(HostCapabilities.NONE);
        assertThat(cloud.vms().get(0).policy()).isEqualTo(VmPolicy.MIGRATE);
        assertThat(cloud.vms().get(0).maxDowntimeMs()).isEqualTo(2000L);
        assertThat(cloud.vms().get(0).state()).isEqualTo(VmState.ACTIVE);
        assertThat(cloud.serverGroups().get(0).policy().novaName()).isEqualTo("anti-affinity");
    }

    @Test
    void capabilitiesWithoutGuestsAtOnceMeanOneGuestAtATime() throws Exception {
        CloudSnapshot cloud = new SnapshotJson().read("""
                {"hosts": [{"name": "compute-1", "capacity": {"vcpus": 32, "ram_mib": 65536, "disk_gib": 1000},
                  "capabilities": {"agent_online": true, "file_backed_shared_memory": true, "preserved_memory_mib": 0,
                   "kexec_supported": false, "qemu_version": "7.2.0", "libvirt_version": "9.0.0",
                   "disk_write_mib_per_sec": 0}}], "vms": []}
                """);
        assertThat(cloud.hosts().get(0).capabilities().guestsAtOnce()).isEqualTo(1);
    }

    @Test
    void badSnapshotsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> new SnapshotJson().read("""
                {"hosts": [], "vms": [{"uuid": "a", "host": "h", "flavor": {"vcpus": 1, "ram_mib": 1, "disk_gib": 1},
                 "metadata": {"molt:policy": "maybe"}}]}""")).hasMessageContaining("'maybe' is not a policy");
        assertThatThrownBy(() -> new SnapshotJson().read("{\"hosts\": [], \"colour\": 1}"))
                .hasMessageContaining("colour");
    }

    @Test
    void optionsOverrideOnlyWhatTheyName() throws Exception {
        CampaignOptions options = new CampaignOptionsJson().read("""
                {"max_hosts_down": 10, "allowed_actions": ["LIVE_MIGRATE", "COLD_RESTART"],
                 "cost": {"kexec_seconds": 12.5}, "ratios": {"ram": 1.0}}""");
        assertThat(options.maxHostsDown()).isEqualTo(10);
        assertThat(options.maxHostsDownPerAz()).isEqualTo(1);
        assertThat(options.allowedActions()).containsExactlyInAnyOrder(Action.LIVE_MIGRATE, Action.COLD_RESTART);
        assertThat(options.cost().kexecSeconds()).isEqualTo(12.5);
        assertThat(options.cost().preserveSeconds()).isEqualTo(1.25);
        assertThat(options.ratios().ram()).isEqualTo(1.0);
        assertThat(options.ratios().cpu()).isEqualTo(16.0);
        assertThatThrownBy(() -> new CampaignOptionsJson().read("{\"cost\": {\"warp\": 9}}"))
                .hasMessageContaining("cost.warp");
    }

    @Test
    void aPlanIsWrittenWithReasonsAsText() throws Exception {
        CloudSnapshot cloud = SyntheticCloud.generate(SyntheticCloudSpec.of(10, 4, 2));
        String json = new PlanJson().write(new UpgradePlanner().plan(cloud, UpgradeTarget.KERNEL,
                CampaignOptions.defaults()));
        JsonNode root = new ObjectMapper().readTree(json);
        assertThat(root.get("feasible").asBoolean()).isTrue();
        JsonNode vm = root.at("/plan/waves/0/hosts/0/vms/0");
        assertThat(vm.get("vm_uuid").asText()).isNotBlank();
        assertThat(vm.get("reason").isTextual()).isTrue();
        assertThat(root.at("/plan/totals/p99_downtime_seconds").isNumber()).isTrue();
        assertThat(root.at("/plan/evacuate_all/moved_gib").isNumber()).isTrue();
    }
}
