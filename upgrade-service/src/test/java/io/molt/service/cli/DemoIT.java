package io.molt.service.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.molt.service.domain.campaign.CampaignState;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The demo's small form end to end, in-process: embedded PostgreSQL and broker, the service on the
 * simulated cloud, a real campaign with a failing live migration that pauses it and is resumed.
 */
class DemoIT {

    @TempDir
    Path dir;

    @Test
    void smallDemoPausesOnAFailingMigrationResumesAndEndsDoneWithEveryVmAccountedFor() throws Exception {
        DemoCommand demo = new DemoCommand();
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(demo);
        cli.setOut(new PrintWriter(out));
        cli.parseArgs("--hosts", "8", "--vms-per-host", "6", "--time-scale", "0.001", "--fault", "MIGRATION",
                "--resume-after", "1", "--port", Integer.toString(freePort()), "--data-dir", dir.resolve("data").toString(),
                "--plain");

        DemoCommand.Result result = demo.run();

        assertThat(result.state()).as(out.toString()).isEqualTo(CampaignState.DONE);
        assertThat(result.everyVmAccountedFor()).as(out.toString()).isTrue();
        assertThat(result.vms()).isEqualTo(48);
        assertThat(out.toString()).contains("PAUSED: host").contains("resumed").contains("VM downtime p99")
                .contains("48 accounted for");
        assertThat(Files.readString(result.timeline())).contains("<svg").contains("EVACUATE".toLowerCase());
        assertThat(dir.resolve("data").resolve("postgres")).doesNotExist();
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
