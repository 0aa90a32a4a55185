package io.molt.service.domain.plan;

import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What the operator decides for a campaign. Defaults follow DESIGN.md section 5 (one host down at a time)
 * and Nova's own defaults (one live migration per host, allocation ratios).
 *
 * @param maxHostsDown             hosts down at once in the whole campaign
 * @param maxHostsDownPerAz        hosts down at once in one availability zone
 * @param maxHostsDownPerAggregate hosts down at once in one host aggregate
 * @param maxMigrationsPerHost     live migrations out of one host at once (Nova {@code max_concurrent_live_migrations}: 1)
 * @param maxMigrationsTotal       live migrations at once in the campaign; 0 for no limit
 * @param maxVmDowntimeMs          campaign-wide cap on any VM's predicted downtime; null for none
 * @param downtimeSlackMs          downtimes this close count as equal; the action moving fewer bytes wins
 * @param allowedActions           actions the operator allows at all
 * @param ratios                   allocation ratios destinations must stay within
 * @param hosts                    hosts to upgrade; empty for every host not yet upgraded
 * @param upgradedHosts            hosts already upgraded (a re-plan): not planned, preferred destinations
 * @param firstHosts               hosts the waves start with, in this order (a re-plan: the host about to
 *                                 start, then those in flight), before the planner's own order
 * @param cost                     the cost model's parameters
 * @param noticePeriod             seconds between the maintenance notice of a host's VMs and the host's start
 *                                 (docs/notifications.md); 0: the host starts as soon as the notice is sent
 * @param strategy                 how each VM's action is chosen within its limit ({@link Strategy}; balanced)
 * @param weights                  the campaign cost's weights over the strategy's defaults (a null weight keeps
 *                                 the strategy's); none for {@link Strategy#LEAST_DOWNTIME}
 * @param defaultVmDowntimeMs      downtime limit of a VM that sets none ({@code molt:max-downtime-ms}): 30 s,
 *                                 the pause a large public cloud announces to tenants for its memory-preserving
 *                                 maintenance (ADR 0009); an action over it is chosen only when the VM has
 *                                 none within it; null for no default
 * @param hooks                    whether the engine asks each host's agent to run its hooks before the host goes
 *                                 down and after it is back (the agent's config names them; ADR 0020); true
 */
public record CampaignOptions(
        int maxHostsDown,
        int maxHostsDownPerAz,
        int maxHostsDownPerAggregate,
        int maxMigrationsPerHost,
        int maxMigrationsTotal,
        Long maxVmDowntimeMs,
        long downtimeSlackMs,
        Set<Action> allowedActions,
        AllocationRatios ratios,
        Set<String> hosts,
        Set<String> upgradedHosts,
        List<String> firstHosts,
        CostParameters cost,
        long noticePeriod,
        Strategy strategy,
        ObjectiveWeights weights,
        Long defaultVmDowntimeMs,
        boolean hooks) {

    /** The campaign default downtime limit for VMs that set none (ADR 0009). */
    public static final long DEFAULT_VM_DOWNTIME_MS = 30_000;

    public CampaignOptions {
        atLeast("max_hosts_down", maxHostsDown, 1);
        atLeast("max_hosts_down_per_az", maxHostsDownPerAz, 1);
        atLeast("max_hosts_down_per_aggregate", maxHostsDownPerAggregate, 1);
        atLeast("max_migrations_per_host", maxMigrationsPerHost, 1);
        atLeast("max_migrations_total", maxMigrationsTotal, 0);
        atLeast("max_vm_downtime_ms", maxVmDowntimeMs == null ? 0 : maxVmDowntimeMs, 0);
        atLeast("downtime_slack_ms", downtimeSlackMs, 0);
        allowedActions = allowedActions.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(allowedActions));
        Objects.requireNonNull(ratios, "ratios are required");
        hosts = Set.copyOf(hosts);
        upgradedHosts = Set.copyOf(upgradedHosts);
        firstHosts = List.copyOf(firstHosts);
        Objects.requireNonNull(cost, "cost parameters are required");
        if (noticePeriod < 0) {
            throw new IllegalArgumentException("the notice period must not be negative");
        }
        strategy = strategy == null ? Strategy.BALANCED : strategy;
        weights = weights == null ? ObjectiveWeights.NONE : weights;
        if (strategy == Strategy.LEAST_DOWNTIME && !weights.isNone()) {
            throw new IllegalArgumentException("weights: strategy least-downtime ranks by downtime alone and takes"
                    + " no weights; choose balanced, least-moved or fastest to weigh the campaign's costs");
        }
        if (defaultVmDowntimeMs != null && defaultVmDowntimeMs < 0) {
            throw new IllegalArgumentException("default_vm_downtime_ms must not be negative: " + defaultVmDowntimeMs);
        }
    }

    /** The weights the chooser uses: the options' over the strategy's; null for least-downtime. */
    public ObjectiveWeights effectiveWeights() {
        return strategy.defaultWeights() == null ? null : weights.over(strategy.defaultWeights());
    }

    /** Refuses a value below its floor, naming the option as operators write it (docs/snapshot-format.md). */
    private static void atLeast(String option, long value, long floor) {
        if (value < floor) {
            throw new IllegalArgumentException(option + " must be at least " + floor + ", not " + value);
        }
    }

    public static CampaignOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.maxHostsDown = maxHostsDown;
        b.maxHostsDownPerAz = maxHostsDownPerAz;
        b.maxHostsDownPerAggregate = maxHostsDownPerAggregate;
        b.maxMigrationsPerHost = maxMigrationsPerHost;
        b.maxMigrationsTotal = maxMigrationsTotal;
        b.maxVmDowntimeMs = maxVmDowntimeMs;
        b.downtimeSlackMs = downtimeSlackMs;
        b.allowedActions = allowedActions;
        b.ratios = ratios;
        b.hosts = hosts;
        b.upgradedHosts = upgradedHosts;
        b.firstHosts = firstHosts;
        b.cost = cost;
        b.noticePeriod = noticePeriod;
        b.strategy = strategy;
        b.weights = weights;
        b.defaultVmDowntimeMs = defaultVmDowntimeMs;
        b.hooks = hooks;
        return b;
    }

    /** Builds options from the defaults; each setter overrides one value. */
    public static final class Builder {
        private int maxHostsDown = 1;
        private int maxHostsDownPerAz = 1;
        private int maxHostsDownPerAggregate = 1;
        private int maxMigrationsPerHost = 1;
        private int maxMigrationsTotal = 0;
        private Long maxVmDowntimeMs;
        private long downtimeSlackMs = 1500;
        private Set<Action> allowedActions = EnumSet.allOf(Action.class);
        private AllocationRatios ratios = AllocationRatios.NOVA_DEFAULTS;
        private Set<String> hosts = Set.of();
        private Set<String> upgradedHosts = Set.of();
        private List<String> firstHosts = List.of();
        private CostParameters cost = CostParameters.DEFAULTS;
        private long noticePeriod;
        private Strategy strategy = Strategy.BALANCED;
        private ObjectiveWeights weights = ObjectiveWeights.NONE;
        private Long defaultVmDowntimeMs = DEFAULT_VM_DOWNTIME_MS;
        private boolean hooks = true;

        /** Sets the global, per-AZ and per-aggregate hosts-down limits. */
        public Builder maxHostsDown(int global, int perAz, int perAggregate) {
            maxHostsDown = global;
            maxHostsDownPerAz = perAz;
            maxHostsDownPerAggregate = perAggregate;
            return this;
        }

        public Builder maxMigrations(int perHost, int total) {
            maxMigrationsPerHost = perHost;
            maxMigrationsTotal = total;
            return this;
        }

        public Builder maxVmDowntimeMs(Long value) {
            maxVmDowntimeMs = value;
            return this;
        }

        public Builder downtimeSlackMs(long value) {
            downtimeSlackMs = value;
            return this;
        }

        public Builder allowedActions(Set<Action> value) {
            allowedActions = value;
            return this;
        }

        public Builder ratios(AllocationRatios value) {
            ratios = value;
            return this;
        }

        public Builder hosts(Set<String> value) {
            hosts = value;
            return this;
        }

        public Builder upgradedHosts(Set<String> value) {
            upgradedHosts = value;
            return this;
        }

        public Builder firstHosts(List<String> value) {
            firstHosts = value;
            return this;
        }

        public Builder cost(CostParameters value) {
            cost = value;
            return this;
        }

        /** Seconds between the notice of a host's VMs and the host's start. */
        public Builder noticePeriod(long seconds) {
            noticePeriod = seconds;
            return this;
        }

        public Builder strategy(Strategy value) {
            strategy = value;
            return this;
        }

        public Builder weights(ObjectiveWeights value) {
            weights = value;
            return this;
        }

        /** The limit for VMs that set none; null for none. */
        public Builder defaultVmDowntimeMs(Long value) {
            defaultVmDowntimeMs = value;
            return this;
        }

        /** Whether the agents' hooks run around each host's take-down. */
        public Builder hooks(boolean value) {
            hooks = value;
            return this;
        }

        public CampaignOptions build() {
            return new CampaignOptions(maxHostsDown, maxHostsDownPerAz, maxHostsDownPerAggregate, maxMigrationsPerHost,
                    maxMigrationsTotal, maxVmDowntimeMs, downtimeSlackMs, allowedActions, ratios, hosts, upgradedHosts,
                    firstHosts, cost, noticePeriod, strategy, weights, defaultVmDowntimeMs, hooks);
        }
    }
}
