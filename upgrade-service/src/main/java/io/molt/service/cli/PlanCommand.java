package io.molt.service.cli;

import io.molt.service.adapter.json.CampaignOptionsJson;
import io.molt.service.adapter.json.PlanJson;
import io.molt.service.adapter.json.SnapshotJson;
import io.molt.service.domain.cloud.CloudSnapshot;
import io.molt.service.domain.cloud.SyntheticCloud;
import io.molt.service.domain.cloud.SyntheticCloudSpec;
import io.molt.service.domain.plan.CampaignOptions;
import io.molt.service.domain.plan.PlanOutcome;
import io.molt.service.domain.plan.ReportedUsage;
import io.molt.service.domain.plan.Strategy;
import io.molt.service.domain.plan.StrategyFrontier;
import io.molt.service.domain.plan.UpgradeTarget;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Plans a campaign for a snapshot file or a generated cloud and prints it. Plain Java: no Spring. */
@Command(name = "plan", mixinStandardHelpOptions = true,
        description = "Plan an upgrade: per-VM actions, waves, predicted downtime, beside the baselines.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:a safe plan", "2:no safe plan (the violations are printed)",
            "64:refused input or usage (the message names the flag, key or VM to fix)", "1:internal error"})
final class PlanCommand implements Callable<Integer> {

    static final class Source {
        @Option(names = "--snapshot", paramLabel = "FILE", description = "a cloud snapshot in JSON (docs/snapshot-format.md)")
        Path snapshot;

        @Option(names = "--generate", paramLabel = "SPEC",
                description = "a synthetic cloud, e.g. hosts=200,vms-per-host=20,seed=7")
        String generate;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--target", defaultValue = "KERNEL",
            description = "USERSPACE, KERNEL or FULL_REBOOT (default: ${DEFAULT-VALUE})")
    UpgradeTarget target;

    @Option(names = "--options", paramLabel = "FILE", description = "campaign options in JSON; flags below override it")
    Path optionsFile;

    @Option(names = "--max-down", paramLabel = "N", description = "hosts down at once in the campaign")
    Integer maxDown;

    @Option(names = "--max-down-per-az", paramLabel = "N", description = "hosts down at once per availability zone")
    Integer maxDownPerAz;

    @Option(names = "--max-down-per-aggregate", paramLabel = "N", description = "hosts down at once per aggregate")
    Integer maxDownPerAggregate;

    @Option(names = "--upgraded", split = ",", paramLabel = "HOST", description = "hosts already upgraded (re-plan)")
    List<String> upgraded = List.of();

    @Option(names = "--strategy", paramLabel = "NAME", converter = StrategyConverter.class,
            description = "balanced (default), least-downtime, least-moved or fastest: how each VM's action is"
                    + " chosen within its downtime limit")
    Strategy strategy;

    @Option(names = "--json", description = "print the whole plan as JSON")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        CloudSnapshot snapshot = source.snapshot != null ? new SnapshotJson().read(source.snapshot)
                : SyntheticCloud.generate(SyntheticCloudSpec.parse(source.generate));
        PlanOutcome outcome = new StrategyFrontier().plan(snapshot, target, options());
        PrintWriter err = spec.commandLine().getErr();
        ReportedUsage.understated(snapshot).forEach(warning -> err.println("molt plan: warning: " + warning));
        err.flush();
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.flush();
            new PlanJson().write(outcome, System.out);
            System.out.println();
        } else {
            new PlanReport(out).print(outcome);
        }
        return outcome instanceof PlanOutcome.Planned ? ExitCodes.OK : ExitCodes.NO_SAFE_PLAN;
    }

    private CampaignOptions options() throws java.io.IOException {
        CampaignOptions base = optionsFile == null ? CampaignOptions.defaults() : new CampaignOptionsJson().read(optionsFile);
        CampaignOptions.Builder builder = base.toBuilder().maxHostsDown(
                maxDown != null ? maxDown : base.maxHostsDown(),
                maxDownPerAz != null ? maxDownPerAz : base.maxHostsDownPerAz(),
                maxDownPerAggregate != null ? maxDownPerAggregate : base.maxHostsDownPerAggregate());
        if (strategy != null) {
            builder.strategy(strategy);
        }
        if (!upgraded.isEmpty()) {
            HashSet<String> all = new HashSet<>(base.upgradedHosts());
            all.addAll(upgraded);
            builder.upgradedHosts(all);
        }
        return builder.build();
    }
}
