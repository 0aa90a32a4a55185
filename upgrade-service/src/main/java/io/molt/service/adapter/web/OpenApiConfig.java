package io.molt.service.adapter.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.molt.service.adapter.json.CampaignOptionsJson;
import io.molt.service.domain.plan.Reason;
import io.molt.service.domain.plan.Strategy;
import io.swagger.v3.core.jackson.ModelResolver;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.util.Arrays;
import java.util.List;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI document of the admin API, served at {@code /openapi.json} and kept in docs/openapi.json. */
@Configuration(proxyBeanMethods = false)
class OpenApiConfig {

    static {
        // as PlanJson and the options reader write and read them: a reason in words, a strategy by its key
        SpringDocUtils.getConfig().replaceWithSchema(Reason.class, new StringSchema()
                .description("why the planner chose this action, in words"));
        SpringDocUtils.getConfig().replaceWithSchema(Strategy.class, new StringSchema()
                ._enum(Arrays.stream(Strategy.values()).map(Strategy::key).toList()));
    }

    /** Schemas named as the API reads and writes them: the application's mapper, snake_case keys. */
    @Bean
    ModelResolver moltModelResolver(ObjectMapper mapper) {
        return new ModelResolver(mapper);
    }

    /** A request's {@code options} are the options file's schema without the keys the request gives itself. */
    @Bean
    OpenApiCustomizer requestOptionsSchema() {
        return openApi -> {
            var schema = openApi.getComponents().getSchemas().get("CampaignOptions");
            if (schema != null && schema.getProperties() != null) {
                CampaignOptionsJson.SET_BY_THE_REQUEST.forEach(schema.getProperties()::remove);
                schema.setDescription("Campaign options, the schema of an options file (docs/snapshot-format.md): "
                        + "every key optional, unknown keys refused.");
            }
        };
    }

    /** Every error status of each operation, with its JSON fault (one bean: springdoc asks for both roles). */
    @Bean
    FaultResponses faultResponses() {
        return new FaultResponses();
    }

    @Bean
    RecordRequirements planRequirements() {
        return new RecordRequirements();
    }

    @Bean
    StrictRequestSchemas strictRequestSchemas() {
        return new StrictRequestSchemas();
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
