package io.molt.service.adapter.nova;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class NovaPropertiesTest {

    private final Validator validator = Validation.buildDefaultValidatorFactory().getValidator();

    @Test
    void defaultsApplyAndDisabledNeedsNothing() {
        NovaProperties p = bind(Map.of());

        assertThat(p.enabled()).isFalse();
        assertThat(p.endpointInterface()).isEqualTo("public");
        assertThat(p.retry().maxAttempts()).isEqualTo(6);
        assertThat(p.retry().initialBackoff()).isEqualTo(Duration.ofMillis(500));
        assertThat(p.readTimeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(violations(p)).isEmpty();
    }

    @Test
    void passwordAuthenticationNeedsPasswordAndProject() {
        NovaProperties p = bind(Map.of("molt.nova.enabled", "true", "molt.nova.auth-url", "http://k:5000/v3",
                "molt.nova.username", "molt"));

        assertThat(violations(p)).anyMatch(m -> m.contains("needs auth-url"));
    }

    @Test
    void applicationCredentialIsEnough() {
        NovaProperties p = bind(Map.of("molt.nova.enabled", "true", "molt.nova.auth-url", "http://k:5000/v3",
                "molt.nova.application-credential-id", "id", "molt.nova.application-credential-secret", "s"));

        assertThat(p.usesApplicationCredential()).isTrue();
        assertThat(violations(p)).isEmpty();
    }

    @Test
    void boundsAreChecked() {
        NovaProperties p = bind(Map.of("molt.nova.retry.max-attempts", "0", "molt.nova.retry.initial-backoff", "1ms",
                "molt.nova.poll-interval", "2h", "molt.nova.endpoint-interface", "private"));

        assertThat(violations(p)).hasSize(4);
    }

    private NovaProperties bind(Map<String, String> values) {
        return new Binder(new MapConfigurationPropertySource(values))
                .bindOrCreate("molt.nova", NovaProperties.class);
    }

    private Set<String> violations(NovaProperties p) {
        return validator.validate(p).stream().map(ConstraintViolation::getMessage).collect(Collectors.toSet());
    }
}
