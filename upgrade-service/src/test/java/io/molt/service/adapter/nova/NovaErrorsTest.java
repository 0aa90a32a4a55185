package io.molt.service.adapter.nova;

import static org.assertj.core.api.Assertions.assertThat;

import io.molt.service.domain.cloud.CloudException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;
import org.openstack4j.api.exceptions.ConnectionException;

class NovaErrorsTest {

    @Test
    void novaMessageIsTakenFromItsErrorEnvelope() {
        CloudException e = NovaErrors.fromHttp("POST /servers/x/action", 400,
                "{\"badRequest\": {\"code\": 400, \"message\": \"No valid host was found. There are not enough hosts.\"}}");

        assertThat(e).isInstanceOf(CloudException.NoValidHost.class);
        assertThat(e.getMessage()).isEqualTo(
                "POST /servers/x/action: No valid host was found. There are not enough hosts. (HTTP 400)");
        assertThat(e.httpStatus()).isEqualTo(400);
    }

    @Test
    void statusesMapToKinds() {
        assertThat(NovaErrors.fromHttp("x", 404, "{\"itemNotFound\": {\"message\": \"gone\"}}"))
                .isInstanceOf(CloudException.NotFound.class).hasMessageContaining("gone");
        assertThat(NovaErrors.fromHttp("x", 409, "{\"conflictingRequest\": {\"message\": \"task_state migrating\"}}"))
                .isInstanceOf(CloudException.Conflict.class);
        assertThat(NovaErrors.fromHttp("x", 400, "{\"badRequest\": {\"message\": \"hypervisor too old\"}}"))
                .isInstanceOf(CloudException.Refused.class);
        assertThat(NovaErrors.fromHttp("x", 403, "Forbidden")).isInstanceOf(CloudException.Refused.class);
        assertThat(NovaErrors.fromHttp("x", 500, "{\"computeFault\": {\"message\": \"boom\"}}"))
                .isInstanceOf(CloudException.Transient.class);
        assertThat(NovaErrors.fromHttp("x", 503, "<html>Service Unavailable</html>"))
                .isInstanceOf(CloudException.Transient.class).hasMessageContaining("Service Unavailable");
    }

    @Test
    void unreachableIsTransientWithoutStatus() {
        CloudException e = NovaErrors.fromOpenstack4j("list hypervisors",
                new ConnectionException("Connection refused", 0, new ConnectException("refused")));

        assertThat(e).isInstanceOf(CloudException.Transient.class);
        assertThat(e.httpStatus()).isZero();
        assertThat(e.getMessage()).contains("list hypervisors", "unreachable");
    }

    @Test
    void emptyOrPlainBodiesAreKept() {
        assertThat(NovaErrors.novaMessage(null)).isEqualTo("(no message)");
        assertThat(NovaErrors.novaMessage("  plain text  ")).isEqualTo("plain text");
        assertThat(NovaErrors.novaMessage("x".repeat(600))).hasSize(503);
    }
}
