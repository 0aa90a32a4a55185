package io.molt.service.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.molt.service.adapter.json.PlanJson;
import io.molt.service.adapter.metrics.MeteredComputeCloud;
import io.molt.service.application.campaign.CampaignEngine;
import io.molt.service.application.campaign.CampaignReconciler;
import io.molt.service.application.campaign.CampaignService;
import io.molt.service.application.campaign.CloudObserver;
import io.molt.service.application.campaign.EngineSettings;
import io.molt.service.application.campaign.StepBoundaries;
import io.molt.service.domain.campaign.StepLimits;
import io.molt.service.domain.port.AgentCommands;
import io.molt.service.domain.port.Agents;
import io.molt.service.domain.port.Campaigns;
import io.molt.service.domain.port.ComputeCloud;
import io.molt.service.domain.port.DowntimeMeter;
import io.molt.service.domain.port.KernelBoots;
import io.molt.service.domain.port.Outbox;
import io.molt.service.settings.EngineProperties;
import io.molt.service.settings.MoltProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.time.Clock;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the campaign engine and the operator's campaign actions to the ports' adapters. */
@Configuration(proxyBeanMethods = false)
class CampaignEngineConfiguration {

    private static final Logger log = LoggerFactory.getLogger(CampaignEngineConfiguration.class);

    @Bean
    CloudObserver cloudObserver(ObjectProvider<ComputeCloud> cloud, Agents agents, KernelBoots kernelBoots,
            MoltProperties molt, Clock clock) {
        return new CloudObserver(cloud.getIfAvailable(UnconfiguredCloud::new), agents, kernelBoots,
                molt.agents().offlineAfter(), clock);
    }

    @Bean
    EngineSettings engineSettings(EngineProperties engine, MoltProperties molt) {
        String replica = engine.replicaName().isBlank() ? generatedReplicaName() : engine.replicaName();
        log.info("this replica's name (a campaign's lease owner): {}", replica);
        return new EngineSettings(replica, engine.leaseTtl(), molt.agents().offlineAfter(),
                engine.migrationTimeout(), engine.noValidHostWait(), new StepLimits(engine.maxAttempts(), engine.agentStepTimeout(),
                engine.upgradeStepTimeout(), engine.retryBackoff(), engine.retryBackoffMax()));
    }

    @Bean
    CampaignReconciler campaignReconciler(Campaigns campaigns, ObjectProvider<ComputeCloud> cloud,
            CloudObserver observer, AgentCommands commands, Outbox outbox, EngineSettings settings,
            ObjectProvider<StepBoundaries> boundaries, DowntimeMeter downtimes, MeterRegistry meters, Clock clock) {
        ComputeCloud metered = new MeteredComputeCloud(cloud.getIfAvailable(UnconfiguredCloud::new), meters);
        return new CampaignReconciler(campaigns, metered, observer, commands, outbox, settings,
                boundaries.getIfAvailable(() -> StepBoundaries.NONE), downtimes, clock);
    }

    @Bean
    CampaignService campaignService(Campaigns campaigns, CloudObserver observer, Clock clock) {
        PlanJson json = new PlanJson();
        return new CampaignService(campaigns, observer, outcome -> {
            try {
                return json.write(outcome);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, clock);
    }

    @Bean
    @ConditionalOnProperty(prefix = "molt.engine", name = "enabled", havingValue = "true", matchIfMissing = true)
    CampaignEngine campaignEngine(Campaigns campaigns, CampaignReconciler reconciler, Outbox outbox,
            EngineProperties engine) {
        return new CampaignEngine(campaigns, reconciler, outbox, engine.tick());
    }

    private static String generatedReplicaName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "unknown";
        }
        return host + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
