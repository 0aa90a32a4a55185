package io.molt.service.adapter.amqp;

import io.molt.protocol.HostCapabilities;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the report tests share: a host's capabilities to announce, and the rejected-reports metric. */
final class RejectedReports {

    static final HostCapabilities CAPS = new HostCapabilities("test:///default", true, "9.0.0", "7.2.0", false, 0,
            false, 1L << 30);

    private RejectedReports() {
    }

    /** {@code molt_agent_reports_rejected_total} for this reason in a Prometheus scrape (0 when absent). */
    static double count(String metrics, String reason) {
        Matcher m = Pattern.compile("molt_agent_reports_rejected_total\\{[^}]*reason=\"" + reason + "\"[^}]*} ([0-9.]+)")
                .matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
