package io.molt.agent.config;

import io.molt.protocol.Topology;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Properties;

/** Reads typed values from the properties, applying defaults and naming the key in every error. */
final class ConfigReader {

    private final Properties props;
    private final String source;

    ConfigReader(Properties props, String source) {
        this.props = props;
        this.source = source;
    }

    String text(AgentConfigKey key) throws InvalidConfigException {
        String value = props.getProperty(key.key(), key.defaultValue());
        if (value == null || value.isBlank()) {
            throw new InvalidConfigException(source + ": " + key.key() + " is required (" + key.meaning() + ")");
        }
        return value.trim();
    }

    URI amqpUri(AgentConfigKey key) throws InvalidConfigException {
        String value = text(key);
        String shown = withoutPassword(value);
        try {
            URI uri = new URI(value);
            if (!"amqp".equals(uri.getScheme()) && !"amqps".equals(uri.getScheme()) || uri.getHost() == null) {
                throw invalid(key, shown, "an amqp:// or amqps:// URI with a host");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw invalid(key, shown, "a URI (check its syntax)");
        }
    }

    /** The CA file for an amqps:// broker: it must be a readable file, and only with amqps://. */
    Path caFile(AgentConfigKey key, AgentConfigKey uriKey) throws InvalidConfigException {
        Path file = optionalPath(key);
        if (file == null) {
            return null;
        }
        if (!"amqps".equals(amqpUri(uriKey).getScheme())) {
            throw invalid(key, file.toString(), "no CA file unless " + uriKey.key() + " is an amqps:// URI");
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw invalid(key, file.toString(), "a readable PEM file of CA certificates");
        }
        return file;
    }

    /** The URI as it may be shown: a password in it replaced by ***. */
    static String withoutPassword(String uri) {
        return uri.replaceFirst("^([a-zA-Z][a-zA-Z0-9+.-]*://[^:/@]*):[^@/]*@", "$1:***@");
    }

    Topology topology(AgentConfigKey key) throws InvalidConfigException {
        String value = text(key);
        try {
            return new Topology(value);
        } catch (IllegalArgumentException e) {
            throw invalid(key, value, e.getMessage());
        }
    }

    Duration duration(AgentConfigKey key, Duration min, Duration max) throws InvalidConfigException {
        String value = text(key);
        try {
            Duration d = Duration.parse(value);
            if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
                throw invalid(key, value, "a duration between " + min + " and " + max);
            }
            return d;
        } catch (DateTimeParseException e) {
            throw invalid(key, value, "an ISO-8601 duration such as PT5S");
        }
    }

    int integer(AgentConfigKey key, int min, int max) throws InvalidConfigException {
        String value = text(key);
        try {
            int n = Integer.parseInt(value);
            if (n < min || n > max) {
                throw invalid(key, value, "a whole number from " + min + " to " + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw invalid(key, value, "a whole number from " + min + " to " + max);
        }
    }

    Path path(AgentConfigKey key) throws InvalidConfigException {
        return Path.of(text(key));
    }

    Path optionalPath(AgentConfigKey key) {
        String value = props.getProperty(key.key(), key.defaultValue());
        return value == null || value.isBlank() ? null : Path.of(value.trim());
    }

    /** A command split at spaces; empty when the key is unset or blank. */
    java.util.List<String> optionalCommand(AgentConfigKey key) {
        String value = props.getProperty(key.key(), key.defaultValue());
        return value == null || value.isBlank() ? java.util.List.of() : java.util.List.of(value.trim().split("\\s+"));
    }

    boolean bool(AgentConfigKey key) throws InvalidConfigException {
        String value = text(key);
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw invalid(key, value, "true or false");
        };
    }

    InvalidConfigException invalid(AgentConfigKey key, String value, String expected) {
        return new InvalidConfigException(source + ": " + key.key() + " = '" + value + "' is invalid: expected "
                + expected);
    }
}
