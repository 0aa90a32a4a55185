package io.molt.service.adapter.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.molt.service.adapter.json.StrictJson;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.json.MappingJackson2HttpMessageConverter;

/**
 * The API reads request bodies with {@link StrictJson} (a copy of the application's mapper, so that the
 * service's other JSON, e.g. rows it reads back from PostgreSQL, keeps its own settings).
 */
@Configuration(proxyBeanMethods = false)
class ApiJsonConfig {

    @Bean
    MappingJackson2HttpMessageConverter strictJsonConverter(ObjectMapper mapper) {
        return new MappingJackson2HttpMessageConverter(StrictJson.apply(mapper.copy()));
    }
}
