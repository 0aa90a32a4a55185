package io.molt.service.adapter.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.molt.service.settings.AuthProperties;
import jakarta.servlet.DispatcherType;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.authentication.AuthenticationFilter;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Who may call the service (ADR 0011). Every request is denied unless it is authenticated and the policy
 * allows it, except a GET of one of the exact public paths ({@code molt.auth.public-paths}: the health probes
 * and the OpenAPI document). Spring Security decides on the path the dispatcher will use: its firewall
 * first refuses paths that are not canonical (matrix parameters, encoded or doubled slashes, {@code ..},
 * encoded {@code %}, {@code .} or {@code \}), and the public paths are matched exactly on the decoded path,
 * so nothing can be spelt to look public and be routed elsewhere. A token is validated in Keystone
 * ({@link KeystoneTokenProvider}) and each operation checked against its policy rule ({@link ApiPolicy}); in
 * {@code noauth} mode every caller is the user {@code noauth} with the admin, reader and approver roles, and
 * the same rules run.
 */
@Configuration
@EnableWebSecurity
class ApiSecurity {

    private static final Logger log = LoggerFactory.getLogger(ApiSecurity.class);
    private static final String TOKEN_HEADER = "X-Auth-Token";

    private final AuthProperties auth;
    private final ApiPolicy policy;
    private final AuthFaults faults;
    private final AuthenticationManager tokens;

    ApiSecurity(AuthProperties auth, ObjectMapper json, Clock clock) {
        this.auth = auth;
        Map<String, String> defaults = ApiPolicy.defaults(auth.adminRole(), auth.readerRole(), auth.approverRole());
        this.policy = new ApiPolicy(auth.policyFile().isBlank() ? defaults
                : PolicyFile.over(defaults, Path.of(auth.policyFile())));
        this.faults = new AuthFaults(json, auth.keystoneUrl(), policy);
        this.tokens = auth.noauth() ? null : new ProviderManager(new KeystoneTokenProvider(
                new KeystoneTokens(auth.keystoneUrl(), auth.cacheTtl(), clock), auth.keystoneUrl()));
        if (auth.noauth()) {
            log.warn("*****************************************************************************************");
            log.warn("* molt.auth.mode=noauth: the admin API accepts ANY caller without a token.               *");
            log.warn("* This mode exists only for the embedded demo. Never run a real cloud like this.          *");
            log.warn("*****************************************************************************************");
        }
    }

    @Bean
    SecurityFilterChain apiFilterChain(HttpSecurity http) throws Exception {
        http.csrf(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .requestCache(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .exceptionHandling(e -> e.authenticationEntryPoint(faults).accessDeniedHandler(faults))
                .authorizeHttpRequests(requests -> requests
                        // an error dispatch renders the error of a request that was already let in or refused
                        .dispatcherTypeMatchers(DispatcherType.ERROR).permitAll()
                        .requestMatchers(publicPaths()).permitAll()
                        .anyRequest().access((caller, context) ->
                                new AuthorizationDecision(policy.allows(caller.get(), context.getRequest()))));
        if (auth.noauth()) {
            http.anonymous(a -> a.principal("noauth").authorities(Stream.of(auth.adminRole(), auth.readerRole(),
                    auth.approverRole()).filter(role -> !role.isBlank()).map(role -> "ROLE_" + role).toArray(String[]::new)));
        } else {
            http.addFilterBefore(tokenFilter(), AnonymousAuthenticationFilter.class);
        }
        return http.build();
    }

    /** Requests whose path the firewall refused: the caller is authenticated first, then told what to fix. */
    @Bean
    RequestRejectedHandler nonCanonicalPaths() {
        return new NonCanonicalPaths(faults, policy, tokens, TOKEN_HEADER);
    }

    private AuthenticationFilter tokenFilter() {
        AuthenticationFilter filter = new AuthenticationFilter(tokens, request -> {
            String token = request.getHeader(TOKEN_HEADER);
            return token == null || token.isBlank() ? null : KeystoneAuthentication.unvalidated(token);
        });
        filter.setSuccessHandler((request, response, authentication) -> {
            // go on down the chain: there is nothing to redirect to
        });
        filter.setFailureHandler(faults);
        return filter;
    }

    private RequestMatcher publicPaths() {
        PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
        return new OrRequestMatcher(auth.publicPaths().stream()
                .map(path -> (RequestMatcher) paths.matcher(HttpMethod.GET, path)).toList());
    }
}
