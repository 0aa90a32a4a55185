package io.molt.service.adapter.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A policy check in oslo.policy's syntax, for the roles of a token: {@code role:NAME}, {@code @} (always),
 * {@code !} (never), combined with {@code and}, {@code or}, {@code not} and parentheses, {@code not} binding
 * tightest and {@code and} before {@code or}; the empty rule is {@code @}, as in oslo.policy.
 * {@code rule:NAME} refers to another rule of the same policy.
 */
sealed interface PolicyRule {

    boolean allows(Set<String> roles, Rules rules);

    /** The names of the rules this check refers to with {@code rule:NAME}. */
    default List<String> references() {
        return List.of();
    }

    /** The other rules a {@code rule:NAME} check looks up. */
    interface Rules {
        PolicyRule rule(String name);
    }

    record Always() implements PolicyRule {
        public boolean allows(Set<String> roles, Rules rules) {
            return true;
        }
    }

    record Never() implements PolicyRule {
        public boolean allows(Set<String> roles, Rules rules) {
            return false;
        }
    }

    record Role(String name) implements PolicyRule {
        public boolean allows(Set<String> roles, Rules rules) {
            return roles.contains(name);
        }
    }

    record Ref(String name) implements PolicyRule {
        public boolean allows(Set<String> roles, Rules rules) {
            return rules.rule(name).allows(roles, rules);
        }

        public List<String> references() {
            return List.of(name);
        }
    }

    record Not(PolicyRule rule) implements PolicyRule {
        public boolean allows(Set<String> roles, Rules rules) {
            return !rule.allows(roles, rules);
        }

        public List<String> references() {
            return rule.references();
        }
    }

    record And(List<PolicyRule> all) implements PolicyRule {
        public boolean allows(Set<String> roles, Rules rules) {
            return all.stream().allMatch(r -> r.allows(roles, rules));
        }

        public List<String> references() {
            return all.stream().flatMap(r -> r.references().stream()).toList();
        }
    }

    record Or(List<PolicyRule> any) implements PolicyRule {
        public boolean allows(Set<String> roles, Rules rules) {
            return any.stream().anyMatch(r -> r.allows(roles, rules));
        }

        public List<String> references() {
            return any.stream().flatMap(r -> r.references().stream()).toList();
        }
    }

    /** Parses a check; throws IllegalArgumentException naming what is wrong. */
    static PolicyRule parse(String text) {
        return new Parser(text).whole();
    }

    /** A recursive-descent parser over the tokens {@code ( ) and or not} and checks. */
    final class Parser {
        private static final Pattern TOKEN = Pattern.compile("\\s*(\\(|\\)|[^\\s()]+)");
        private final String text;
        private final List<String> tokens = new ArrayList<>();
        private int at;

        Parser(String text) {
            this.text = text;
            Matcher m = TOKEN.matcher(text);
            while (m.lookingAt()) {
                tokens.add(m.group(1));
                m.region(m.end(), text.length());
            }
            if (!text.substring(m.regionStart()).isBlank()) {
                throw new IllegalArgumentException("cannot read the policy check '" + text + "'");
            }
        }

        PolicyRule whole() {
            if (tokens.isEmpty()) {
                return new Always();
            }
            PolicyRule rule = or();
            if (at < tokens.size()) {
                throw fault("unexpected '" + tokens.get(at) + "'");
            }
            return rule;
        }

        private PolicyRule or() {
            List<PolicyRule> any = new ArrayList<>(List.of(and()));
            while (next("or")) {
                any.add(and());
            }
            return any.size() == 1 ? any.get(0) : new Or(List.copyOf(any));
        }

        private PolicyRule and() {
            List<PolicyRule> all = new ArrayList<>(List.of(not()));
            while (next("and")) {
                all.add(not());
            }
            return all.size() == 1 ? all.get(0) : new And(List.copyOf(all));
        }

        private PolicyRule not() {
            return next("not") ? new Not(not()) : atom();
        }

        private PolicyRule atom() {
            if (at >= tokens.size()) {
                throw fault("a check is missing at the end");
            }
            String token = tokens.get(at++);
            if (token.equals("(")) {
                PolicyRule inner = or();
                if (!next(")")) {
                    throw fault("a ')' is missing");
                }
                return inner;
            }
            if (token.equals("@")) {
                return new Always();
            }
            if (token.equals("!")) {
                return new Never();
            }
            if (token.startsWith("role:") && token.length() > 5) {
                return new Role(token.substring(5));
            }
            if (token.startsWith("rule:") && token.length() > 5) {
                return new Ref(token.substring(5));
            }
            throw fault("'" + token + "' is not a check (role:NAME, rule:NAME, @ or !)");
        }

        private boolean next(String word) {
            if (at < tokens.size() && tokens.get(at).equalsIgnoreCase(word)) {
                at++;
                return true;
            }
            return false;
        }

        private IllegalArgumentException fault(String what) {
            return new IllegalArgumentException("cannot read the policy check '" + text + "': " + what);
        }
    }
}
