package io.molt.service.adapter.persistence;

import io.molt.service.domain.campaign.VmAction;
import java.util.UUID;

/**
 * A new VM row as a line of PostgreSQL's {@code COPY} text format, columns in the order of
 * {@link PlanRowBatches#VM_COLUMNS}: tab between columns, {@code \N} for null, and a backslash, tab, newline
 * or carriage return in a text written as its backslash escape.
 */
final class VmActionCopyLine {

    private VmActionCopyLine() {
    }

    static void append(StringBuilder line, VmAction v) {
        line.append(UUID.fromString(v.campaignId())).append('\t'); // as the batched insert read them
        line.append(UUID.fromString(v.vmUuid())).append('\t');
        text(line, v.vmName()).append('\t');
        text(line, v.sourceHost()).append('\t');
        line.append(v.action().name()).append('\t');
        text(line, v.destination()).append('\t');
        text(line, v.reason()).append('\t');
        text(line, v.plannedVmState() == null ? null : v.plannedVmState().name()).append('\t');
        line.append(v.state().name()).append('\t');
        line.append(v.predictedDowntimeMs()).append('\t');
        text(line, v.projectId()).append('\t');
        line.append(v.movedMib()).append('\t');
        line.append(v.guestOrder()).append('\n');
    }

    private static StringBuilder text(StringBuilder line, String value) {
        if (value == null) {
            return line.append("\\N");
        }
        if (value.indexOf('\\') < 0 && value.indexOf('\t') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return line.append(value); // the common case, appended whole
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> line.append("\\\\");
                case '\t' -> line.append("\\t");
                case '\n' -> line.append("\\n");
                case '\r' -> line.append("\\r");
                default -> line.append(c);
            }
        }
        return line;
    }
}
