package io.molt.service.adapter.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document of the admin API, served at {@code /openapi.json} and kept in docs/openapi.json. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfig {

    /**
     * Schemas read with the service's own JSON mapper, so that the document names the fields as the API reads
     * and writes them (snake_case, {@code spring.jackson.property-naming-strategy}), not as the Java records do.
     */
    @Bean
    ModelResolver moltModelResolver(ObjectMapper json) {
        return new ModelResolver(json);
    }

    @Bean
    OpenAPI moltOpenApi() {
        return new OpenAPI()
                .info(new Info().title("Molt admin API").version("v1")
                        .description("Rolling hypervisor upgrades for OpenStack: campaigns, plans, hosts, VMs, events "
                                + "and host agents. Every /v1 call needs a Keystone token in X-Auth-Token: by default the "
                                + "reader role lists and shows, the admin role acts (docs/security.md). Errors are {\"<fault>\": {\"code\": N, \"message\": \"...\"}}.")
                        .license(new License().name("Apache-2.0")))
                .components(new Components().addSecuritySchemes("keystone", new SecurityScheme()
                        .type(SecurityScheme.Type.APIKEY).in(SecurityScheme.In.HEADER).name("X-Auth-Token")
                        .description("A Keystone token: `openstack token issue -f value -c id`")))
                .addSecurityItem(new SecurityRequirement().addList("keystone"))
                // relative, so that the document is the same wherever the service runs (the catalog has the address)
                .servers(List.of(new Server().url("/").description("this Molt service")));
    }
}
