package io.molt.service.adapter.web;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * An operator's policy file ({@code molt.auth.policy-file}), as oslo.policy reads {@code policy.yaml}: a map
 * of rule names to checks, YAML or JSON. Each rule it names replaces the default; a rule the policy does not
 * know is refused (a misspelt name would otherwise change nothing), and so is a value that is not a string.
 */
final class PolicyFile {

    private PolicyFile() {
    }

    /** The defaults with the file's rules over them. */
    static Map<String, String> over(Map<String, String> defaults, Path file) {
        Map<String, String> checks = new LinkedHashMap<>(defaults);
        checks.putAll(read(file, defaults.keySet()));
        return checks;
    }

    static Map<String, String> read(Path file, Set<String> known) {
        Object document;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            document = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
        } catch (IOException e) {
            throw new IllegalArgumentException("molt.auth.policy-file: cannot read " + file + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("molt.auth.policy-file: " + file + " is not YAML or JSON: "
                    + e.getMessage().lines().findFirst().orElse(""), e);
        }
        if (document == null) {
            return Map.of();
        }
        if (!(document instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("molt.auth.policy-file: " + file + " must map rule names to checks, "
                    + "e.g. \"molt:campaigns:approve\": \"role:approver\"");
        }
        Map<String, String> rules = new LinkedHashMap<>();
        map.forEach((name, check) -> {
            if (!known.contains(String.valueOf(name))) {
                throw new IllegalArgumentException("molt.auth.policy-file: " + file + " names the rule '" + name
                        + "', which Molt does not have; the rules are " + String.join(", ", known));
            }
            if (!(check instanceof String text)) {
                throw new IllegalArgumentException("molt.auth.policy-file: " + file + ": the rule " + name
                        + " must be a check string such as \"role:admin\", not " + check);
            }
            rules.put(String.valueOf(name), text);
        });
        return rules;
    }
}
