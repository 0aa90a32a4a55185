package io.molt.service.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.molt.service.application.campaign.CampaignRejected;
import io.molt.service.domain.plan.Violation;
import java.io.UncheckedIOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@code molt} exits with, whatever the subcommand (docs/planner.md, "Exit codes"). */
class ExitCodesTest {

    @Test
    void aCampaignWithNoSafePlanIsNotAnInternalError() {
        assertThat(ExitCodes.code(new CampaignRejected(CampaignRejected.Kind.NO_SAFE_PLAN, "no safe plan")))
                .isEqualTo(ExitCodes.NO_SAFE_PLAN);
        assertThat(ExitCodes.code(new CampaignRejected(CampaignRejected.Kind.INVALID, "unknown hosts")))
                .isEqualTo(ExitCodes.USAGE);
        assertThat(ExitCodes.code(new IllegalArgumentException("VM v1: flavor"))).isEqualTo(ExitCodes.USAGE);
        assertThat(ExitCodes.code(new UncheckedIOException(new java.io.IOException("disk")))).isEqualTo(
                ExitCodes.INTERNAL_ERROR);
    }

    @Test
    void violationsJoinedIntoAMessageReadAsText() {
        Violation violation = new Violation("compute-1", "v1", "capacity", "no host in az-2 has room");
        assertThat("found " + List.of(violation)).isEqualTo("found [host compute-1, VM v1: capacity: no host in az-2 "
                + "has room]");
    }

    @Test
    void everySubcommandExitsWithUsageOnABadFlag() {
        var line = ExitCodes.commandLine();
        line.setErr(new java.io.PrintWriter(new java.io.StringWriter()));
        for (String[] args : List.of(new String[] {"demo", "--hosts", "many"}, new String[] {"bench", "plan"},
                new String[] {"plan", "--generate", "hosts=2", "--nope"}, new String[] {"--nope"})) {
            assertThat(line.execute(args)).as(String.join(" ", args)).isEqualTo(ExitCodes.USAGE);
        }
    }
}
