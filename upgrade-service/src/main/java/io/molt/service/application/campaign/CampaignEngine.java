package io.molt.service.application.campaign;

import io.molt.service.domain.campaign.ConcurrentChange;
import io.molt.service.domain.port.Campaigns;
import io.molt.service.domain.port.Outbox;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs the reconcile loop: every tick, publishes pending outbox messages and reconciles each active
 * campaign this replica can lease. Errors are logged and the next tick tries again.
 */
public final class CampaignEngine implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CampaignEngine.class);

    private final Campaigns campaigns;
    private final CampaignReconciler reconciler;
    private final Outbox outbox;
    private final Duration tick;
    private volatile Thread thread;

    public CampaignEngine(Campaigns campaigns, CampaignReconciler reconciler, Outbox outbox, Duration tick) {
        this.campaigns = campaigns;
        this.reconciler = reconciler;
        this.outbox = outbox;
        this.tick = tick;
    }

    @Override
    public void start() {
        thread = new Thread(this::loop, "molt-campaign-engine");
        thread.setDaemon(true);
        thread.start();
        log.info("campaign engine started (tick {})", tick);
    }

    @Override
    public void stop() {
        Thread t = thread;
        thread = null;
        if (t != null) {
            t.interrupt();
            try {
                t.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return thread != null;
    }

    /** One tick: publish, then reconcile every active campaign once. */
    public void runOnce() {
        try {
            outbox.publishPending(100);
        } catch (RuntimeException e) {
            log.warn("outbox: {}", e.toString());
        }
        List<String> active;
        try {
            active = campaigns.active();
        } catch (RuntimeException e) {
            log.warn("cannot list the active campaigns (database unreachable?); next tick tries again: {}", e.toString());
            return;
        }
        for (String id : active) {
            try {
                reconciler.reconcile(id);
            } catch (ConcurrentChange e) {
                log.debug("campaign {}: {}", id, e.getMessage());
            } catch (RuntimeException e) {
                log.error("campaign {}: reconcile pass failed; next tick tries again", id, e);
            }
        }
    }

    private void loop() {
        while (thread == Thread.currentThread()) {
            runOnce();
            try {
                Thread.sleep(tick.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
