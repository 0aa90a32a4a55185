package io.molt.service.application.campaign;

import io.molt.service.domain.campaign.Campaign;
import io.molt.service.domain.campaign.CampaignEvent;
import io.molt.service.domain.campaign.CampaignHost;
import io.molt.service.domain.campaign.VmAction;
import io.molt.service.domain.campaign.VmActionState;
import io.molt.service.domain.cloud.CloudException;
import io.molt.service.domain.cloud.LiveMigration;
import io.molt.service.domain.cloud.Vm;
import io.molt.service.domain.plan.Action;
import io.molt.service.domain.port.ComputeCloud;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The EVACUATE step: as many guests at a time as the campaign's {@code maxMigrationsPerHost} (Nova's default,
 * and Molt's, is one), each checked against the cloud first (already gone, already moved), so that running
 * the step again after a crash starts no second migration. Guests whose policy allows it and whose action is TERMINATE are deleted.
 * <p>
 * A migration Nova refuses with "no valid host" is asked again every 10 s (a fifth of the wait when that is
 * shorter) for up to {@code noValidHostWait} before the step fails. Nova's scheduler keeps its own list of the guests on each
 * host; after a live migration the source host tells it that the guest is still there (Nova Zed's
 * {@code _post_live_migration} sends an update, not a delete) until the host's next instance sync
 * ({@code scheduler_instance_sync_interval}, 120 s). Until then its anti-affinity filter refuses the host
 * the guest left to the guest's anti-affine peers, although Nova's own database has it elsewhere.
 */
final class Evacuation {

    private static final Duration NO_VALID_HOST_PAUSE = Duration.ofSeconds(10);
    private static final Logger log = LoggerFactory.getLogger(Evacuation.class);

    private final ComputeCloud cloud;
    private final Duration migrationTimeout;
    private final Duration noValidHostWait;
    private final java.util.function.Consumer<String> keepLease;
    private final Clock clock;

    Evacuation(ComputeCloud cloud, Duration migrationTimeout, Duration noValidHostWait,
            java.util.function.Consumer<String> keepLease, Clock clock) {
        this.cloud = cloud;
        this.migrationTimeout = migrationTimeout;
        this.noValidHostWait = noValidHostWait;
        this.keepLease = keepLease;
        this.clock = clock;
    }

    StepOutcome run(Campaign campaign, CampaignHost host, List<VmAction> vms) {
        Map<String, Vm> seen = cloud.snapshot().vms().stream().collect(Collectors.toMap(Vm::uuid, Function.identity()));
        List<VmAction> updates = Collections.synchronizedList(new ArrayList<>());
        List<CampaignEvent> events = Collections.synchronizedList(new ArrayList<>());
        List<VmAction> toMigrate = new ArrayList<>();
        for (VmAction vm : vms) {
            if (!vm.sourceHost().equals(host.host()) || !vm.leavesHost() || vm.state() == VmActionState.DONE
                    || vm.state() == VmActionState.SKIPPED) {
                continue;
            }
            Vm now = seen.get(vm.vmUuid());
            if (now == null) {
                updates.add(vm.moved(VmActionState.DONE, null, null, null));
                continue;
            }
            if (vm.action() == Action.TERMINATE) {
                cloud.deleteServer(vm.vmUuid());
                updates.add(vm.moved(VmActionState.DONE, null, 0L, null));
                events.add(event(campaign, host, vm, "vm.terminated", "deleted as its policy allows"));
                continue;
            }
            if (!now.host().equals(host.host())) {
                // a migration begun by a replica that died before recording its end: it is not started again,
                // and its end is recorded now, so that the campaign's events still account for every move
                updates.add(vm.moved(VmActionState.DONE, null, null, null));
                events.add(event(campaign, host, vm, "vm.migrated", migrationOf(vm, host, now.host())
                        + " completed (found there: a migration that ended while no replica watched it, or a move by"
                        + " someone else)"));
                continue;
            }
            toMigrate.add(vm);
        }
        String error = migrateAll(toMigrate, concurrency(campaign), updates, events, campaign, host);
        if (error != null) {
            return StepOutcome.failed(error, true, List.copyOf(updates), List.copyOf(events));
        }
        return StepOutcome.succeeded("guests moved off " + host.host(), List.copyOf(updates), List.copyOf(events));
    }

    /** Live migrations at once out of one host: the campaign's per-host limit, within its total limit. */
    private static int concurrency(Campaign campaign) {
        int perHost = campaign.options().maxMigrationsPerHost();
        int total = campaign.options().maxMigrationsTotal();
        return total > 0 ? Math.min(perHost, total) : perHost;
    }

    /**
     * Migrates the guests in plan order, {@code parallel} at a time. After the first failure no further
     * migration starts; those running are followed to their end, so the step never leaves one behind.
     */
    private String migrateAll(List<VmAction> toMigrate, int parallel, List<VmAction> updates,
            List<CampaignEvent> events, Campaign campaign, CampaignHost host) {
        if (parallel <= 1 || toMigrate.size() <= 1) {
            for (VmAction vm : toMigrate) {
                String error = migrate(vm, updates, events, campaign, host);
                if (error != null) {
                    return error;
                }
            }
            return null;
        }
        AtomicReference<String> firstError = new AtomicReference<>();
        Semaphore slots = new Semaphore(parallel);
        ExecutorService workers = Executors.newFixedThreadPool(parallel, r -> {
            Thread t = new Thread(r, "molt-migrate-" + host.host());
            t.setDaemon(true);
            return t;
        });
        try {
            for (VmAction vm : toMigrate) {
                slots.acquire();
                if (firstError.get() != null) {
                    slots.release();
                    break;
                }
                workers.execute(() -> {
                    try {
                        String error = migrate(vm, updates, events, campaign, host);
                        if (error != null) {
                            firstError.compareAndSet(null, error);
                        }
                    } catch (RuntimeException e) {
                        firstError.compareAndSet(null, "live migration of " + vm.vmName() + " (" + vm.vmUuid()
                                + ") failed: " + e);
                    } finally {
                        slots.release();
                    }
                });
            }
            slots.acquire(parallel); // every started migration has ended
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            firstError.compareAndSet(null, "interrupted while migrating guests off " + host.host());
        } finally {
            workers.shutdown();
        }
        return firstError.get();
    }

    private String migrate(VmAction vm, List<VmAction> updates, List<CampaignEvent> events, Campaign campaign,
            CampaignHost host) {
        String what = migrationOf(vm, host, vm.destination() == null ? "the scheduler's choice" : vm.destination());
        try {
            keepLease.accept(campaign.id());
            Optional<LiveMigration> started = start(vm, campaign, what);
            if (started.isEmpty()) {
                // on the destination already, though it was on this host when the step looked: a migration this
                // very call started whose answer was lost (Nova's adapter asked again after a timeout) or a move by
                // someone else; recorded, so that the events account for every move
                updates.add(vm.moved(VmActionState.DONE, null, null, null));
                events.add(event(campaign, host, vm, "vm.migrated", what + " completed (found there: the answer to "
                        + "the migration's start was lost, or a move by someone else)"));
                return null;
            }
            long[] lastRenew = {System.nanoTime()};
            LiveMigration end = cloud.awaitMigration(vm.vmUuid(), started.get().id(), migrationTimeout, m -> {
                if (System.nanoTime() - lastRenew[0] > 2_000_000_000L) {
                    keepLease.accept(campaign.id());
                    lastRenew[0] = System.nanoTime();
                }
            });
            String migrationId = Long.toString(end.id());
            if (end.status() == LiveMigration.Status.COMPLETED) {
                updates.add(vm.moved(VmActionState.DONE, migrationId, null, null));
                events.add(event(campaign, host, vm, "vm.migrated", what + " completed (migration " + migrationId + ")"));
                return null;
            }
            String error = what + " ended " + end.status() + " (migration " + migrationId + ")";
            updates.add(vm.moved(VmActionState.FAILED, migrationId, null, error));
            events.add(event(campaign, host, vm, "vm.migration.failed", error));
            return error;
        } catch (CloudException e) {
            String error = what + " failed: " + e.getMessage();
            updates.add(vm.moved(VmActionState.FAILED, null, null, error));
            events.add(event(campaign, host, vm, "vm.migration.failed", error));
            return error;
        }
    }

    /** Starts the migration, asking again while Nova finds no valid host, for up to {@code noValidHostWait}. */
    private Optional<LiveMigration> start(VmAction vm, Campaign campaign, String what) {
        long deadline = System.nanoTime() + noValidHostWait.toNanos();
        while (true) {
            try {
                return cloud.liveMigrate(vm.vmUuid(), Optional.ofNullable(vm.destination()));
            } catch (CloudException.NoValidHost refused) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw refused;
                }
                long pause = Math.min(left, Math.min(NO_VALID_HOST_PAUSE.toNanos(), noValidHostWait.toNanos() / 5));
                log.info("{}: Nova found no valid host ({}); asking again in {} ms, for up to {} s more, as Nova's "
                        + "scheduler may still count a guest on a host it just left", what, refused.getMessage(),
                        pause / 1_000_000, Duration.ofNanos(left).toSeconds());
                pause(pause, campaign);
            }
        }
    }

    private void pause(long nanos, Campaign campaign) {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CloudException.Transient("interrupted while waiting for Nova's scheduler", 0, e);
        }
        keepLease.accept(campaign.id());
    }

    /** How the events and the log name a live migration: {@code live migration of NAME (UUID) from H to D}. */
    private static String migrationOf(VmAction vm, CampaignHost host, String to) {
        return "live migration of " + vm.vmName() + " (" + vm.vmUuid() + ") from " + host.host() + " to " + to;
    }

    private CampaignEvent event(Campaign campaign, CampaignHost host, VmAction vm, String type, String message) {
        return new CampaignEvent(null, clock.instant(), campaign.id(), host.host(), vm.vmUuid(), type, message, Map.of());
    }
}
