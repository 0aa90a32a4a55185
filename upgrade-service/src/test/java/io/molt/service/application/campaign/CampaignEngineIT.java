package io.molt.service.application.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.molt.protocol.Commands;
import io.molt.service.adapter.simulation.SimulatedAgents;
import io.molt.service.adapter.simulation.SimulatedCloud;
import io.molt.service.domain.campaign.Campaign;
import io.molt.service.domain.campaign.CampaignEvent;
import io.molt.service.domain.campaign.CampaignHost;
import io.molt.service.domain.campaign.CampaignState;
import io.molt.service.domain.campaign.HostSelector;
import io.molt.service.domain.campaign.HostState;
import io.molt.service.domain.campaign.Step;
import io.molt.service.domain.campaign.UpgradeSpec;
import io.molt.service.domain.campaign.VmAction;
import io.molt.service.domain.campaign.VmActionState;
import io.molt.service.domain.cloud.CloudSnapshot;
import io.molt.service.domain.cloud.Host;
import io.molt.service.domain.cloud.Vm;
import io.molt.service.domain.cloud.VmState;
import io.molt.service.domain.plan.Action;
import io.molt.service.domain.plan.CampaignOptions;
import io.molt.service.domain.plan.UpgradeTarget;
import io.molt.service.domain.port.Campaigns;
import io.molt.service.support.ServiceTestEnvironment;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole engine on the simulated cloud (4 hosts, 4 VMs each) and real PostgreSQL: the happy path, a
 * live migration that fails, an agent that goes silent, pause and resume, abort, and the agents' hooks (ADR 0020):
 * a failing before-down hook pauses the campaign before the host is disabled, a failing after-up hook pauses it
 * with the host back and before the next host starts, a campaign with hooks off asks for none.
 */
@SpringBootTest(properties = {"molt.simulation.enabled=true", "molt.simulation.time-scale=0.0005",
        "molt.simulation.heartbeat=200ms", "molt.agents.offline-after=1s", "molt.engine.tick=50ms",
        "molt.engine.lease-ttl=2s", "molt.engine.agent-step-timeout=1s", "molt.engine.max-attempts=2",
        "molt.engine.retry-backoff=1s", "molt.engine.retry-backoff-max=2s"})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class CampaignEngineIT {

    private static final ServiceTestEnvironment env = ServiceTestEnvironment.create("engine");
    private static final List<String> ALL = List.of("compute-00000", "compute-00001", "compute-00002",
            "compute-00003");

    @TestConfiguration
    static class Boundaries {
        @Bean
        TestBoundaries testBoundaries() {
            return new TestBoundaries();
        }
    }

    @Autowired
    CampaignService service;
    @Autowired
    Campaigns campaigns;
    @Autowired
    SimulatedCloud cloud;
    @Autowired
    SimulatedAgents agents;
    @Autowired
    TestBoundaries boundaries;
    @Autowired
    CloudObserver observer;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        env.register(registry);
    }

    @AfterAll
    static void cleanUp() {
        env.close();
    }

    @AfterEach
    void heal() {
        cloud.healMigrations();
        ALL.forEach(agents::wake);
        boundaries.at("", "", id -> { });
    }

    private Map<String, VmState> statesBefore = Map.of();

    @Test
    void happyPathUpgradesEveryHostAndAccountsForEveryVm() {
        Campaign campaign = create(ALL, EnumSet.allOf(Action.class));
        assertThat(campaign.state()).isEqualTo(CampaignState.PLANNED);
        assertThat(service.plan(campaign.id())).containsPattern("\"feasible\":\\s*true");
        // each host's rows carry their places in the plan's order, distinct, and come back in it
        Map<String, List<VmAction>> rowsByHost = campaigns.vms(campaign.id()).stream()
                .collect(Collectors.groupingBy(VmAction::sourceHost));
        assertThat(rowsByHost.values()).allSatisfy(rows -> assertThat(rows).extracting(VmAction::guestOrder)
                .doesNotHaveDuplicates().isSorted());

        service.approve(campaign.id(), "test");
        awaitState(campaign.id(), CampaignState.DONE);

        assertThat(campaigns.hosts(campaign.id())).extracting(CampaignHost::state).containsOnly(HostState.DONE);
        assertThat(campaigns.vms(campaign.id())).extracting(VmAction::state).containsOnly(VmActionState.DONE);
        assertThat(campaigns.vms(campaign.id())).allMatch(vm -> vm.plannedVmState() == statesBefore.get(vm.vmUuid()),
                "planned in the state it was in");
        CloudSnapshot after = cloud.snapshot();
        assertThat(after.hosts()).allMatch(Host::enabled).allMatch(Host::up)
                .allMatch(h -> h.hypervisorVersion().equals("9000000"));
        assertBackInTheirStates(after);
        assertThat(campaigns.events(campaign.id(), 0, 1000)).anyMatch(e -> e.type().equals("host.step.completed")
                && e.message().contains("UPGRADE") && "0".equals(e.detail().get("exit_code")));
    }

    @Test
    void aFailingLiveMigrationPausesTheCampaignWithTheHostAndVmShownThenResumeFinishes() {
        Campaign campaign = create(List.of("compute-00001"), EnumSet.of(Action.LIVE_MIGRATE));
        String vm = campaigns.vms(campaign.id()).get(0).vmUuid();
        cloud.failMigrationsOf(vm);

        service.approve(campaign.id(), "test");
        Campaign paused = awaitState(campaign.id(), CampaignState.PAUSED);

        CampaignHost host = campaigns.hosts(campaign.id()).get(0);
        assertThat(host.state()).isEqualTo(HostState.FAILED);
        assertThat(host.lastError()).contains(vm).contains("ERROR");
        assertThat(paused.stateReason()).contains("compute-00001").contains("EVACUATE");
        assertThat(cloud.migrationsStarted(vm)).isEqualTo(2);
        // the second attempt waited its back-off, said in the retry's event, before it was made
        CampaignEvent retried = events(campaign.id(), "host.step.retried").get(0);
        assertThat(retried.message()).contains("EVACUATE on compute-00001, attempt 2: ", "; waiting 1000 ms, until ");
        assertThat(retried.detail()).containsEntry("wait_ms", "1000").containsKey("not_before");
        assertThat(events(campaign.id(), "host.failed").get(0).occurredAt())
                .isAfterOrEqualTo(java.time.Instant.parse(retried.detail().get("not_before")));

        cloud.healMigrations();
        service.resume(campaign.id(), "test");
        awaitState(campaign.id(), CampaignState.DONE);
        assertThat(cloud.snapshot().vms().stream().filter(v -> v.uuid().equals(vm)).findFirst().orElseThrow().host())
                .isNotEqualTo("compute-00001");
    }

    @Test
    void aHostWhoseAgentIsOfflineIsNotStartedAndASilentAgentPausesTheCampaign() {
        Campaign campaign = create(List.of("compute-00002"), EnumSet.of(Action.PRESERVE));
        agents.silence("compute-00002");
        await().atMost(Duration.ofSeconds(10)).until(() -> !observer.agentOnline("compute-00002"));
        service.approve(campaign.id(), "test");
        await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(5))
                .until(() -> campaigns.hosts(campaign.id()).get(0).state() == HostState.PENDING);

        agents.wake("compute-00002");
        boundaries.at("compute-00002", "begun PRESERVE", id -> agents.silence("compute-00002"));
        Campaign paused = awaitState(campaign.id(), CampaignState.PAUSED);
        assertThat(paused.stateReason()).contains("no answer from the agent of compute-00002");
        assertThat(cloud.snapshot().hosts().stream().filter(h -> h.name().equals("compute-00002")).findFirst()
                .orElseThrow().enabled()).isFalse();

        agents.wake("compute-00002");
        service.resume(campaign.id(), "test");
        awaitState(campaign.id(), CampaignState.DONE);
    }

    @Test
    void aPauseWhileAHostsGuestsAreDownBringsThemBackAndStartsNothingElse() {
        Campaign campaign = create(List.of("compute-00000", "compute-00003"), EnumSet.allOf(Action.class));
        String first = campaigns.hosts(campaign.id()).get(0).host();
        boundaries.at(first, "completed PRESERVE", id -> service.pause(id, "test"));
        service.approve(campaign.id(), "test");

        // paused with the first host's guests held: the host is carried on to DONE, the second does not start
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50)).until(() ->
                campaigns.hosts(campaign.id()).get(0).state() == HostState.DONE);
        assertThat(service.find(campaign.id()).state()).isEqualTo(CampaignState.PAUSED);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() ->
                campaigns.hosts(campaign.id()).get(1).state() == HostState.PENDING
                        && !campaigns.hosts(campaign.id()).get(1).inFlight());
        assertThat(cloud.snapshot().vms()).filteredOn(v -> v.host().equals(first))
                .allMatch(v -> v.state() == statesBefore.get(v.uuid()), "back in its state");

        service.resume(campaign.id(), "test");
        awaitState(campaign.id(), CampaignState.DONE);
        assertBackInTheirStates(cloud.snapshot());
    }

    @Test
    void pauseStopsAtTheNextSafePointAndResumeFinishes() {
        Campaign campaign = create(List.of("compute-00000", "compute-00003"), EnumSet.allOf(Action.class));
        String first = campaigns.hosts(campaign.id()).get(0).host();
        boundaries.at(first, "completed ENABLE", id -> service.pause(id, "test"));
        service.approve(campaign.id(), "test");
        awaitState(campaign.id(), CampaignState.PAUSED);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).until(() ->
                campaigns.hosts(campaign.id()).get(1).state() == HostState.PENDING
                        && !campaigns.hosts(campaign.id()).get(1).inFlight());

        service.resume(campaign.id(), "test");
        awaitState(campaign.id(), CampaignState.DONE);
        assertThat(campaigns.hosts(campaign.id())).extracting(CampaignHost::state).containsOnly(HostState.DONE);
    }

    @Test
    void abortReEnablesWhatTheCampaignDisabledAndRestoresWhatItPreserved() {
        Campaign campaign = create(List.of("compute-00001", "compute-00002"), EnumSet.allOf(Action.class));
        String first = campaigns.hosts(campaign.id()).get(0).host();
        boundaries.at(first, "completed PRESERVE", id -> service.abort(id, "test", true));
        service.approve(campaign.id(), "test");
        awaitState(campaign.id(), CampaignState.ABORTED);

        // the first host's upgrade had run and its guests were down: they come back on the new hypervisor
        List<CampaignHost> hosts = campaigns.hosts(campaign.id());
        assertThat(hosts.get(0).state()).isEqualTo(HostState.DONE);
        assertThat(hosts.get(0).upgraded()).isTrue();
        assertThat(hosts.get(1).state()).isEqualTo(HostState.SKIPPED);
        assertThat(hosts.get(1).upgraded()).isFalse();
        CloudSnapshot after = cloud.snapshot();
        assertThat(after.hosts()).allMatch(Host::enabled).allMatch(Host::up);
        assertBackInTheirStates(after);
    }

    @Test
    void abortAfterTheInstallBeforeAnyGuestWentDownReEnablesTheHostAndLeavesItNotSwitched() {
        Campaign campaign = create(List.of("compute-00001", "compute-00002"), EnumSet.allOf(Action.class));
        String first = campaigns.hosts(campaign.id()).get(0).host();
        int commandsBefore = agents.commandsRun(first);
        boundaries.at(first, "completed UPGRADE", id -> service.abort(id, "test", true));
        service.approve(campaign.id(), "test");
        awaitState(campaign.id(), CampaignState.ABORTED);

        List<CampaignHost> hosts = campaigns.hosts(campaign.id());
        assertThat(hosts).extracting(CampaignHost::state).containsOnly(HostState.SKIPPED);
        assertThat(hosts).noneMatch(CampaignHost::upgraded);
        assertThat(agents.commandsRun(first) - commandsBefore)
                .as("only the before-down hook, the upgrade command and the after-up hook ran on " + first)
                .isEqualTo(3);
        assertThat(agents.hooksRun(first)).endsWith("before-down", "after-up");
        CloudSnapshot after = cloud.snapshot();
        assertThat(after.hosts()).allMatch(Host::enabled).allMatch(Host::up);
        assertBackInTheirStates(after);
    }

    @Test
    void aFailingBeforeDownHookPausesTheCampaignAndTheHostIsNeverDisabled() {
        String host = "compute-00000";
        agents.failHooks(host, Commands.RunHook.BEFORE_DOWN, 1);
        Campaign campaign = create(List.of(host), EnumSet.allOf(Action.class));
        int commandsBefore = agents.commandsRun(host);
        int disablesBefore = cloud.disables(host);

        service.approve(campaign.id(), "test");
        Campaign paused = awaitState(campaign.id(), CampaignState.PAUSED);

        assertThat(paused.stateReason()).contains(host, "HOOK_BEFORE_DOWN", "before-down hook", "exited with code 1",
                "Error: segment host " + host + " not found");
        CampaignHost failed = campaigns.hosts(campaign.id()).get(0);
        assertThat(failed.state()).isEqualTo(HostState.FAILED);
        assertThat(failed.step()).isEqualTo(Step.HOOK_BEFORE_DOWN);
        assertThat(cloud.disables(host)).as("the host was never disabled").isEqualTo(disablesBefore);
        assertThat(enabled(host)).isTrue();
        assertThat(agents.commandsRun(host) - commandsBefore).as("the hook ran once, not retried, and nothing else")
                .isEqualTo(1);
        CampaignEvent event = events(campaign.id(), "host.failed").get(0);
        assertThat(event.message()).contains("HOOK_BEFORE_DOWN failed on " + host, "exit code 1");
        assertThat(events(campaign.id(), "host.step.started")).noneMatch(e -> e.message().startsWith("DISABLE"));

        service.resume(campaign.id(), "test");
        awaitState(campaign.id(), CampaignState.DONE);

        assertThat(agents.hooksRun(host)).endsWith("before-down", "before-down", "after-up");
        assertThat(cloud.disables(host)).isEqualTo(disablesBefore + 1);
        assertThat(enabled(host)).isTrue();
        assertThat(events(campaign.id(), "host.step.completed")).filteredOn(e -> e.message().startsWith("HOOK_"))
                .extracting(e -> e.detail().get("phase")).containsExactly("before-down", "after-up");
    }

    @Test
    void aFailingAfterUpHookPausesTheCampaignWithTheHostBackAndBeforeTheNextHost() {
        List<String> hosts = List.of("compute-00001", "compute-00002");
        Campaign campaign = create(hosts, EnumSet.allOf(Action.class));
        String first = campaigns.hosts(campaign.id()).get(0).host();
        String second = campaigns.hosts(campaign.id()).get(1).host();
        agents.failHooks(first, Commands.RunHook.AFTER_UP, 1);
        int secondsHooks = agents.hooksRun(second).size();

        service.approve(campaign.id(), "test");
        Campaign paused = awaitState(campaign.id(), CampaignState.PAUSED);

        assertThat(paused.stateReason()).contains(first, "HOOK_AFTER_UP", "after-up hook");
        List<CampaignHost> states = campaigns.hosts(campaign.id());
        assertThat(states.get(0).state()).isEqualTo(HostState.FAILED);
        assertThat(states.get(0).upgraded()).as("switched, guests back").isTrue();
        assertThat(states.get(1).state()).isEqualTo(HostState.PENDING);
        assertThat(enabled(first)).as("the host is back in service").isTrue();
        assertThat(agents.hooksRun(second)).as("no hook ran on the next host").hasSize(secondsHooks);

        service.resume(campaign.id(), "test");
        awaitState(campaign.id(), CampaignState.DONE);
        assertThat(campaigns.hosts(campaign.id())).extracting(CampaignHost::state).containsOnly(HostState.DONE);
        assertThat(agents.hooksRun(second).subList(secondsHooks, agents.hooksRun(second).size()))
                .containsExactly("before-down", "after-up");
    }

    @Test
    void anAgentThatDoesNotListRunHookHasItsHookStepsSkippedWithAnEventSayingWhy() {
        String host = "compute-00003";
        agents.withoutHooks(host, true);
        try {
            Campaign campaign = create(List.of(host), EnumSet.allOf(Action.class));
            int hooksBefore = agents.hooksRun(host).size();
            int commandsBefore = agents.commandsRun(host);

            service.approve(campaign.id(), "test");
            awaitState(campaign.id(), CampaignState.DONE);

            assertThat(agents.hooksRun(host)).hasSize(hooksBefore);
            assertThat(agents.commandsRun(host) - commandsBefore).as("preserve, upgrade and restore only").isEqualTo(3);
            assertThat(events(campaign.id(), "host.step.skipped")).extracting(CampaignEvent::message).containsExactly(
                    "HOOK_BEFORE_DOWN skipped on " + host + ": its agent (protocol 2) does not list command.run-hook"
                            + " among the commands it carries out",
                    "HOOK_AFTER_UP skipped on " + host + ": its agent (protocol 2) does not list command.run-hook"
                            + " among the commands it carries out");
            assertThat(campaigns.hosts(campaign.id())).extracting(CampaignHost::state).containsOnly(HostState.DONE);
        } finally {
            agents.withoutHooks(host, false);
        }
    }

    @Test
    void aHostEmptiedByLiveMigrationIsNotAskedToPreserveOrRestoreWithEventsSayingWhy() {
        String host = "compute-00002";
        Campaign campaign = create(List.of(host), EnumSet.of(Action.LIVE_MIGRATE));
        int guests = campaigns.vms(campaign.id()).size();
        int commandsBefore = agents.commandsRun(host);

        service.approve(campaign.id(), "test");
        awaitState(campaign.id(), CampaignState.DONE);

        assertThat(agents.commandsRun(host) - commandsBefore).as("the hooks and the upgrade only").isEqualTo(3);
        assertThat(events(campaign.id(), "host.step.skipped")).extracting(CampaignEvent::message).containsExactly(
                "PRESERVE skipped on " + host + ": no guest left to keep (" + guests + " VMs migrated or deleted, 0 "
                        + "skipped), so there is no guest to save and nova-compute stays running",
                "RESTORE skipped on " + host + ": no guest left to keep (" + guests + " VMs migrated or deleted, 0 "
                        + "skipped), so there is no guest to bring back and nova-compute stays running; no kernel to "
                        + "boot into");
        assertThat(campaigns.hosts(campaign.id())).extracting(CampaignHost::state, CampaignHost::upgraded)
                .containsOnly(org.assertj.core.groups.Tuple.tuple(HostState.DONE, true));
        assertThat(campaigns.vms(campaign.id())).extracting(VmAction::state).containsOnly(VmActionState.DONE);
        assertThat(cloud.snapshot().hosts()).filteredOn(h -> h.name().equals(host))
                .allMatch(h -> h.enabled() && h.hypervisorVersion().equals("9000000"));

        // the other tests count on guests of their own on this host: bring them back
        for (VmAction vm : campaigns.vms(campaign.id())) {
            cloud.liveMigrate(vm.vmUuid(), java.util.Optional.of(host)).ifPresent(m -> cloud.awaitMigration(
                    vm.vmUuid(), m.id(), Duration.ofSeconds(30), seen -> { }));
        }
        assertThat(cloud.snapshot().vms()).filteredOn(v -> v.host().equals(host)).hasSize(guests);
    }

    @Test
    void withHooksOffNoHookIsAskedFor() {
        String host = "compute-00003";
        Campaign campaign = create(List.of(host), CampaignOptions.builder().hooks(false).build());
        int hooksBefore = agents.hooksRun(host).size();

        service.approve(campaign.id(), "test");
        awaitState(campaign.id(), CampaignState.DONE);

        assertThat(agents.hooksRun(host)).hasSize(hooksBefore);
        assertThat(campaigns.hosts(campaign.id())).extracting(CampaignHost::state).containsOnly(HostState.DONE);
    }

    private boolean enabled(String host) {
        return cloud.snapshot().hosts().stream().filter(h -> h.name().equals(host)).findFirst().map(Host::enabled)
                .orElseThrow();
    }

    private List<CampaignEvent> events(String campaignId, String type) {
        return campaigns.events(campaignId, 0, 1000).stream().filter(e -> e.type().equals(type)).toList();
    }

    /** Every VM is in the state it was in when the test's campaign was created (a shut-off VM stays off). */
    private void assertBackInTheirStates(CloudSnapshot after) {
        assertThat(after.vms().stream().filter(v -> v.state() != statesBefore.get(v.uuid()))
                .map(v -> v.name() + " " + statesBefore.get(v.uuid()) + " -> " + v.state())).isEmpty();
        assertThat(after.vms()).anyMatch(v -> v.state() == VmState.ACTIVE);
    }

    private Campaign create(List<String> hosts, Set<Action> actions) {
        return create(hosts, CampaignOptions.builder().allowedActions(actions).build());
    }

    private Campaign create(List<String> hosts, CampaignOptions options) {
        statesBefore = cloud.snapshot().vms().stream().collect(Collectors.toMap(
                Vm::uuid, Vm::state));
        return service.create(new CampaignRequest("test", new HostSelector(hosts, null, null), UpgradeTarget.USERSPACE,
                new UpgradeSpec(List.of("/usr/bin/apt-get", "install", "-y", "qemu-system-x86"), 600, "9000000"),
                options, "test"));
    }

    private Campaign awaitState(String id, CampaignState state) {
        return await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(50))
                .until(() -> service.find(id), c -> c.state() == state);
    }
}
