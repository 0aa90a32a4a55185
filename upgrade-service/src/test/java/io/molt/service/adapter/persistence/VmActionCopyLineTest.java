package io.molt.service.adapter.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.molt.service.domain.campaign.VmAction;
import io.molt.service.domain.campaign.VmActionState;
import io.molt.service.domain.cloud.VmState;
import io.molt.service.domain.plan.Action;
import org.junit.jupiter.api.Test;

class VmActionCopyLineTest {

    private static final String CAMPAIGN = "8a3c1f52-9a1e-4d8b-b1a4-2f6c0e9d7a10";
    private static final String VM = "0000000A-0000-4000-8000-00000000000B";

    @Test
    void writesTheColumnsInOrderWithNullsAndTheUuidsAsTheInsertReadThem() {
        StringBuilder line = new StringBuilder();
        VmActionCopyLine.append(line, new VmAction(CAMPAIGN, VM, null, "compute-1", Action.PRESERVE, null,
                "preserved in place: 7.60 s down", VmState.ACTIVE, VmActionState.PENDING, null, 7600, null, null, 0,
                null, 0.25, 3));
        assertThat(line).hasToString(CAMPAIGN + "\t0000000a-0000-4000-8000-00000000000b\t\\N\tcompute-1\tPRESERVE\t\\N\t"
                + "preserved in place: 7.60 s down\tACTIVE\tPENDING\t7600\t\\N\t0.25\t3\n");
        assertThat(line.toString().split("\t", -1)).hasSize(PlanRowBatches.VM_COLUMNS.split(",").length);
    }

    @Test
    void escapesWhatCopyWouldReadAsItsOwnSyntax() {
        StringBuilder line = new StringBuilder();
        VmActionCopyLine.append(line, new VmAction(CAMPAIGN, VM, "a\tb\\c\nd\re", "compute-1", Action.LIVE_MIGRATE,
                "compute-2", "\\N", null, VmActionState.PENDING, null, 80, null, null, 0, "project", 4096, 0));
        assertThat(line.toString()).contains("\ta\\tb\\\\c\\nd\\re\t").contains("\t\\\\N\t\\N\tPENDING\t")
                .endsWith("\t4096.0\t0\n").containsOnlyOnce("\n");
    }
}
