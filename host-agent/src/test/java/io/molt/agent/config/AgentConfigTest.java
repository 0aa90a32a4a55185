package io.molt.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AgentConfigTest {

    @Test
    void onlyTheHostIsRequiredAndEverythingElseHasADefault() throws Exception {
        AgentConfig config = AgentConfig.from(props("host", "compute-1"), "agent.properties");

        assertThat(config.host()).isEqualTo("compute-1");
        assertThat(config.amqpUri().getHost()).isEqualTo("127.0.0.1");
        assertThat(config.topology().commandsExchange()).isEqualTo("molt.commands");
        assertThat(config.heartbeatInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(config.libvirtUri()).isEqualTo("qemu:///system");
        assertThat(config.preservedMemoryDevice()).isNull();
        assertThat(config.kexecExecuteAllowed()).isFalse();
        assertThat(config.guestsAtOnce()).isEqualTo(4);
        assertThat(config.hooks()).isEqualTo(HookCommands.NONE);
    }

    @Test
    void hooksAreCommandsSplitAtSpacesWithATimeoutOfOneSecondTo25Minutes() throws Exception {
        AgentConfig config = AgentConfig.from(props("host", "a", "hooks.before-down",
                " /usr/local/sbin/molt-hook  down ", "hooks.after-up", "/usr/local/sbin/molt-hook up",
                "hooks.timeout", "PT2M"), "f");

        assertThat(config.hooks().of("before-down")).containsExactly("/usr/local/sbin/molt-hook", "down");
        assertThat(config.hooks().of("after-up")).containsExactly("/usr/local/sbin/molt-hook", "up");
        assertThat(config.hooks().timeout()).isEqualTo(Duration.ofMinutes(2));
        for (String bad : new String[] {"PT0S", "PT26M", "5m"}) {
            assertThatThrownBy(() -> AgentConfig.from(props("host", "a", "hooks.timeout", bad), "f"))
                    .isInstanceOf(InvalidConfigException.class).hasMessageContaining("f: hooks.timeout = '" + bad + "'");
        }
    }

    @Test
    void guestsAtOnceTakesAWholeNumberFromOneTo64() throws Exception {
        assertThat(AgentConfig.from(props("host", "a", "guests.at-once", "1"), "f").guestsAtOnce()).isEqualTo(1);
        assertThat(AgentConfig.from(props("host", "a", "guests.at-once", " 64 "), "f").guestsAtOnce()).isEqualTo(64);
        for (String bad : new String[] {"0", "65", "-1", "four", "2.5", "99999999999"}) {
            assertThatThrownBy(() -> AgentConfig.from(props("host", "a", "guests.at-once", bad), "f"))
                    .isInstanceOf(InvalidConfigException.class)
                    .hasMessageContaining("f: guests.at-once = '" + bad + "' is invalid: expected a whole number from 1 to 64");
        }
    }

    @Test
    void aMissingHostIsNamed() {
        assertThatThrownBy(() -> AgentConfig.from(props(), "agent.properties"))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("agent.properties: host is required");
    }

    @Test
    void aMisspelledKeyIsNamedWithTheKnownOnes() {
        assertThatThrownBy(() -> AgentConfig.from(props("host", "a", "heartbeat.intervall", "PT1S"), "f"))
                .hasMessageContaining("unknown key(s) [heartbeat.intervall]")
                .hasMessageContaining("heartbeat.interval");
    }

    @Test
    void badValuesNameTheKeyAndWhatIsExpected() {
        assertThatThrownBy(() -> AgentConfig.from(props("host", "a", "heartbeat.interval", "5s"), "f"))
                .hasMessageContaining("heartbeat.interval = '5s' is invalid: expected an ISO-8601 duration");
        assertThatThrownBy(() -> AgentConfig.from(props("host", "a", "heartbeat.interval", "PT1H"), "f"))
                .hasMessageContaining("between");
        assertThatThrownBy(() -> AgentConfig.from(props("host", "a", "amqp.uri", "http://x"), "f"))
                .hasMessageContaining("amqp.uri = 'http://x' is invalid");
        assertThatThrownBy(() -> AgentConfig.from(props("host", "a b"), "f"))
                .hasMessageContaining("host = 'a b' is invalid");
        assertThatThrownBy(() -> AgentConfig.from(props("host", "a", "kexec.execute.allowed", "yes"), "f"))
                .hasMessageContaining("kexec.execute.allowed = 'yes' is invalid: expected true or false");
    }

    @Test
    void aCaFileIsForAmqpsOnlyAndMustBeReadableAndABadUriDoesNotShowItsPassword(@TempDir Path dir) throws Exception {
        Path ca = java.nio.file.Files.writeString(dir.resolve("ca.pem"), "-----BEGIN CERTIFICATE-----\n");
        String amqps = "amqps://agent:s3cret-pw@broker:5671/%2F";

        assertThat(AgentConfig.from(props("host", "a", "amqp.uri", amqps, "amqp.ca-file", ca.toString()), "f")
                .amqpCaFile()).isEqualTo(ca);
        assertThat(AgentConfig.from(props("host", "a"), "f").amqpCaFile()).isNull();
        assertThatThrownBy(() -> AgentConfig.from(props("host", "a", "amqp.ca-file", ca.toString()), "f"))
                .hasMessageContaining("amqp.ca-file").hasMessageContaining("amqps://");
        assertThatThrownBy(() -> AgentConfig.from(props("host", "a", "amqp.uri", amqps, "amqp.ca-file",
                dir.resolve("missing.pem").toString()), "f")).hasMessageContaining("a readable PEM file");
        assertThatThrownBy(() -> AgentConfig.from(props("host", "a", "amqp.uri", "amqp://agent:s3cret-pw@ bad"), "f"))
                .hasMessageContaining("amqp://agent:***@").hasMessageNotContaining("s3cret-pw");
    }

    @Test
    void aMissingFileIsNamed(@TempDir Path dir) {
        assertThatThrownBy(() -> AgentConfig.load(dir.resolve("nope.properties")))
                .hasMessageContaining("nope.properties does not exist");
    }

    private static Properties props(String... kv) {
        Properties p = new Properties();
        for (int i = 0; i < kv.length; i += 2) {
            p.setProperty(kv[i], kv[i + 1]);
        }
        return p;
    }
}
