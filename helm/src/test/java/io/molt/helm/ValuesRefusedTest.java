package io.molt.helm;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad values stop {@code helm template} (and so install and upgrade) with a message naming the value:
 * values.schema.json for types, bounds and unknown keys, the templates for values that contradict each other.
 */
class ValuesRefusedTest {

    @TempDir
    Path scratch;

    static Stream<Arguments> refusedBySchema() {
        return Stream.of(
                Arguments.of("replicas: two", "at '/replicas': got string, want integer"),
                Arguments.of("replica: 3", "additional properties 'replica' not allowed"),
                Arguments.of("image: {pullPolicy: Sometimes}", "at '/image/pullPolicy'"),
                Arguments.of("config: {molt: {engine: {tick: 1 second}}}", "at '/config/molt/engine/tick'"),
                Arguments.of("config: {molt: {auth: {mode: ldap}}}", "at '/config/molt/auth/mode'"),
                Arguments.of("config: {spring: {datasource: {url: 'jdbc:mysql://db/molt'}}}", "at '/config/spring/datasource/url'"),
                Arguments.of("config: {spring: {datasource: {password: hunter2}}}",
                        "at '/config/spring/datasource': additional properties 'password' not allowed"),
                Arguments.of("config: {molt: {nova: {application-credential-secret: s3}}}",
                        "at '/config/molt/nova': additional properties 'application-credential-secret' not allowed"),
                Arguments.of("agent: {properties: {guests.at-once: 100}}",
                        "at '/agent/properties/guests.at-once': maximum: got 100, want 64"),
                Arguments.of("agent: {properties: {heartbeat.interval: 5s}}", "at '/agent/properties/heartbeat.interval'"),
                Arguments.of("agent: {properties: {kexec.allowed: true}}", "additional properties 'kexec.allowed' not allowed"),
                Arguments.of("agent: {amqp: {uri: 'http://rabbit:5672'}}", "at '/agent/amqp/uri'"),
                Arguments.of("agent: {hostPaths: [{name: state, path: var/lib/molt-agent, type: Directory}]}",
                        "at '/agent/hostPaths/0/path'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void refusedBySchema(String values, String named) {
        assertThatThrownBy(() -> new Chart(scratch).templateWith(values))
                .hasMessageContaining("values don't meet the specifications of the schema")
                .hasMessageContaining(named);
    }

    static Stream<Arguments> refusedByTemplates() {
        return Stream.of(
                Arguments.of("credentials: {databasePassword: pw}",
                        "credentials.databasePassword is set, but so is credentials.existingSecret (molt-credentials)"),
                Arguments.of("credentials: {existingSecret: ''}",
                        "credentials.databasePassword is required when credentials.existingSecret is empty"),
                Arguments.of("credentials: {existingSecret: '', databasePassword: a, rabbitmqPassword: b}",
                        "credentials.novaPassword is required"),
                Arguments.of("agent: {enabled: true}", "agent.amqp.uri or agent.amqp.existingSecret is required"),
                Arguments.of("agent: {enabled: true, amqp: {uri: 'amqp://a:b@r/', existingSecret: s}}",
                        "agent.amqp.uri and agent.amqp.existingSecret are both set"),
                Arguments.of("agent: {enabled: true, amqp: {uri: 'amqp://a:b@r/'}, properties: {state.dir: /srv/molt}}",
                        "agent.properties.state.dir (/srv/molt) must be on one of agent.hostPaths"),
                Arguments.of("extraConfig: {spring: {datasource: {password: hunter2}}}",
                        "extraConfig must not hold a password or secret"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void refusedByTemplates(String values, String message) {
        assertThatThrownBy(() -> new Chart(scratch).templateWith(values)).hasMessageContaining(message);
    }
}
