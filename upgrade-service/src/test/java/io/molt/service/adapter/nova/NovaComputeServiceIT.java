package io.molt.service.adapter.nova;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.molt.service.domain.cloud.CloudException;
import io.molt.service.domain.cloud.Host;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Disabling a compute service with a reason and enabling it again, each twice. */
class NovaComputeServiceIT {

    private static final String HOST = "compute-3";

    private final DevCloud devCloud = DevCloud.connect();
    private final NovaComputeCloud cloud = devCloud.cloud();

    @AfterEach
    void enableAgain() {
        cloud.enableHost(HOST);
    }

    @Test
    void disabledReasonIsVisibleAsWrittenAndRepeatingIsHarmless() {
        String reason = "molt campaign " + DevCloud.uniquePrefix("svc") + " (upgrade to QEMU 8.2)";

        cloud.disableHost(HOST, reason);
        cloud.disableHost(HOST, reason);

        Host disabled = host(HOST);
        assertThat(disabled.enabled()).isFalse();
        assertThat(disabled.disabledReason()).isEqualTo(reason);

        cloud.enableHost(HOST);
        cloud.enableHost(HOST);

        Host enabled = host(HOST);
        assertThat(enabled.enabled()).isTrue();
        assertThat(enabled.disabledReason()).isNull();
    }

    @Test
    void unknownHostIsNotFound() {
        assertThatThrownBy(() -> cloud.disableHost("no-such-host", "test"))
                .isInstanceOf(CloudException.NotFound.class)
                .hasMessageContaining("no-such-host");
    }

    private Host host(String name) {
        return cloud.snapshot().hosts().stream().filter(h -> h.name().equals(name)).findFirst().orElseThrow();
    }
}
