package io.molt.service.adapter.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.molt.service.domain.plan.Reason;
import io.molt.service.domain.plan.Strategy;
import java.io.IOException;

/** The one JSON dialect of Molt's files: snake_case keys, ISO-8601 times, unknown keys refused. */
final class MoltJson {

    private MoltJson() {
    }

    static ObjectMapper mapper() {
        SimpleModule reasons = new SimpleModule("molt-reasons-and-strategies");
        reasons.addSerializer(Reason.class, new StdSerializer<>(Reason.class) {
            @Override
            public void serialize(Reason reason, JsonGenerator json, SerializerProvider provider) throws IOException {
                json.writeString(reason.text());
            }
        });
        reasons.addSerializer(Strategy.class, new StdSerializer<>(Strategy.class) {
            @Override
            public void serialize(Strategy strategy, JsonGenerator json, SerializerProvider provider)
                    throws IOException {
                json.writeString(strategy.key());
            }
        });
        reasons.addDeserializer(Strategy.class, new StdDeserializer<>(Strategy.class) {
            @Override
            public Strategy deserialize(JsonParser json, DeserializationContext context) throws IOException {
                return Strategy.parse(json.getValueAsString());
            }
        });
        return JsonMapper.builder()
                .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .addModule(new JavaTimeModule())
                .addModule(reasons)
                .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .build();
    }
}
