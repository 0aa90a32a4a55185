package io.molt.service.adapter.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.springframework.http.HttpMethod;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * Which callers may do what, in the manner of oslo.policy: each operation of the API has a named rule
 * ({@code molt:campaigns:approve}), each rule a check on the token's roles ({@link PolicyRule}); the
 * defaults live here, a policy file may override any rule ({@link PolicyFile}). A request that matches no
 * operation (the actuator, {@code /error}, an unknown path) falls under {@code molt:default}. Documented
 * in docs/security.md.
 */
final class ApiPolicy {

    /** An operation of the API, the requests it covers and the rule that guards it. */
    record Operation(HttpMethod method, String path, String rule, String what) {
    }

    static final String DEFAULT_RULE = "molt:default";

    static final List<Operation> OPERATIONS = List.of(
            new Operation(HttpMethod.GET, "/v1/campaigns", "molt:campaigns:list", "list campaigns"),
            new Operation(HttpMethod.GET, "/v1/campaigns/{id}", "molt:campaigns:show", "show a campaign"),
            new Operation(HttpMethod.GET, "/v1/campaigns/{id}/{part}", "molt:campaigns:show",
                    "show a campaign's plan, hosts, VMs or events"),
            new Operation(HttpMethod.GET, "/v1/campaigns/{id}/hosts/{host}", "molt:campaigns:show",
                    "show a campaign's host"),
            new Operation(HttpMethod.POST, "/v1/campaigns", "molt:campaigns:create", "create a campaign"),
            new Operation(HttpMethod.POST, "/v1/campaigns/{id}/approve", "molt:campaigns:approve",
                    "approve a campaign"),
            new Operation(HttpMethod.POST, "/v1/campaigns/{id}/pause", "molt:campaigns:pause", "pause a campaign"),
            new Operation(HttpMethod.POST, "/v1/campaigns/{id}/resume", "molt:campaigns:resume", "resume a campaign"),
            new Operation(HttpMethod.POST, "/v1/campaigns/{id}/abort", "molt:campaigns:abort", "abort a campaign"),
            new Operation(HttpMethod.GET, "/v1/agents", "molt:agents:list", "list agents"),
            new Operation(HttpMethod.GET, "/v1/agents/{host}", "molt:agents:show", "show an agent"),
            new Operation(HttpMethod.GET, "/v1/agents/{host}/commands/{id}", "molt:agents:show",
                    "show an agent's command"),
            new Operation(HttpMethod.POST, "/v1/agents/{host}/ping", "molt:agents:ping", "ping an agent"));

    private record Guard(RequestMatcher matcher, Operation operation) {
    }

    private final Map<String, String> checks;
    private final Map<String, PolicyRule> rules;
    private final List<Guard> guards;

    /**
     * {@code checks}: every rule's check in oslo.policy's syntax, e.g. the {@link #defaults} with a policy
     * file's rules over them. Throws IllegalArgumentException naming the rule whose check cannot be read,
     * refers to a rule that does not exist, or refers back to itself.
     */
    ApiPolicy(Map<String, String> checks) {
        this.checks = Map.copyOf(checks);
        Map<String, PolicyRule> parsed = new LinkedHashMap<>();
        checks.forEach((name, check) -> {
            try {
                parsed.put(name, PolicyRule.parse(check));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("policy rule " + name + ": " + e.getMessage(), e);
            }
        });
        this.rules = Map.copyOf(parsed);
        parsed.keySet().forEach(name -> refuseLoops(name, new ArrayList<>()));
        PathPatternRequestMatcher.Builder paths = PathPatternRequestMatcher.withDefaults();
        this.guards = OPERATIONS.stream()
                .map(op -> new Guard(paths.matcher(op.method(), op.path()), op)).toList();
    }

    private void refuseLoops(String name, List<String> path) {
        if (path.contains(name)) {
            throw new IllegalArgumentException("policy rule " + path.get(0) + " refers back to itself: "
                    + String.join(" -> ", path) + " -> " + name);
        }
        PolicyRule rule = rules.get(name);
        if (rule == null) {
            throw new IllegalArgumentException("policy rule " + path.get(path.size() - 1) + " refers to rule:" + name
                    + ", which is not defined");
        }
        path.add(name);
        rule.references().forEach(next -> refuseLoops(next, path));
        path.remove(path.size() - 1);
    }

    /**
     * The default rules: {@code reader} may list and show, {@code admin} may do anything, approving takes the
     * approver role where one is configured (else the admin role).
     */
    static Map<String, String> defaults(String adminRole, String readerRole, String approverRole) {
        Map<String, String> checks = new LinkedHashMap<>();
        checks.put("admin", "role:" + adminRole);
        checks.put("reader", "role:" + readerRole + " or rule:admin");
        checks.put("approver", approverRole.isBlank() ? "rule:admin" : "role:" + approverRole);
        OPERATIONS.forEach(op -> checks.putIfAbsent(op.rule(),
                op.rule().equals("molt:campaigns:approve") ? "rule:approver"
                        : op.method() == HttpMethod.GET ? "rule:reader" : "rule:admin"));
        checks.put(DEFAULT_RULE, "rule:admin");
        return checks;
    }

    /** Whether the caller may carry out this request. */
    boolean allows(Authentication caller, HttpServletRequest request) {
        return check(ruleOf(request), roles(caller));
    }

    /** Whether the policy allows the caller every operation (what a request of unknown meaning needs). */
    boolean allowsEverything(Authentication caller) {
        Set<String> roles = roles(caller);
        return check(DEFAULT_RULE, roles) && OPERATIONS.stream().allMatch(op -> check(op.rule(), roles));
    }

    /** What a refused caller is told: the operation, its rule and the caller's roles. */
    String refusal(Authentication caller, HttpServletRequest request) {
        String rule = ruleOf(request);
        String what = guards.stream().filter(g -> g.matcher().matches(request)).findFirst()
                .map(g -> g.operation().what()).orElse("use this path");
        return "user " + (caller == null ? "unknown" : caller.getName()) + " may not " + what + ": the policy rule "
                + rule + " (" + checkText(rule) + ") does not allow the roles " + roles(caller)
                + " (molt.auth.* roles and molt.auth.policy-file; see docs/security.md)";
    }

    /** A refusal for a request of unknown meaning. */
    String refusal(Authentication caller) {
        return "user " + (caller == null ? "unknown" : caller.getName()) + " with the roles " + roles(caller)
                + " may not send requests that match no operation of the API (policy rule " + DEFAULT_RULE + ")";
    }

    private String ruleOf(HttpServletRequest request) {
        return guards.stream().filter(g -> g.matcher().matches(request)).findFirst()
                .map(g -> g.operation().rule()).orElse(DEFAULT_RULE);
    }

    private boolean check(String rule, Set<String> roles) {
        return rules.get(rule).allows(roles, rules::get);
    }

    private String checkText(String rule) {
        return checks.get(rule).isBlank() ? "@" : checks.get(rule).strip();
    }

    private static Set<String> roles(Authentication caller) {
        if (caller == null) {
            return Set.of();
        }
        return caller.getAuthorities().stream().map(GrantedAuthority::getAuthority)
                .filter(a -> a.startsWith("ROLE_")).map(a -> a.substring(5))
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
