package io.molt.service.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PolicyRuleTest {

    private static final PolicyRule.Rules NONE = name -> {
        throw new AssertionError("no rule " + name);
    };

    private static boolean allows(String check, String... roles) {
        return PolicyRule.parse(check).allows(Set.of(roles), NONE);
    }

    @Test
    void aRoleCheckLooksAtTheTokensRoles() {
        assertThat(allows("role:admin", "admin", "reader")).isTrue();
        assertThat(allows("role:admin", "reader")).isFalse();
    }

    @Test
    void andBindsBeforeOrAndNotBeforeAnd() {
        assertThat(allows("role:a or role:b and role:c", "a")).isTrue();
        assertThat(allows("(role:a or role:b) and role:c", "a")).isFalse();
        assertThat(allows("not role:a and role:b", "b")).isTrue();
        assertThat(allows("not role:a and role:b", "a", "b")).isFalse();
        assertThat(allows("role:a AND NOT (role:b OR role:c)", "a", "c")).isFalse();
    }

    @Test
    void theEmptyCheckAndTheAtSignAllowEveryoneTheBangNoOne() {
        assertThat(allows("")).isTrue();
        assertThat(allows("@")).isTrue();
        assertThat(allows("!", "admin")).isFalse();
    }

    @Test
    void aRuleCheckAsksTheNamedRule() {
        Map<String, PolicyRule> rules = Map.of("admin", PolicyRule.parse("role:boss"));
        PolicyRule rule = PolicyRule.parse("role:reader or rule:admin");
        assertThat(rule.allows(Set.of("boss"), rules::get)).isTrue();
        assertThat(rule.allows(Set.of("member"), rules::get)).isFalse();
        assertThat(rule.references()).containsExactly("admin");
    }

    @Test
    void aCheckThatCannotBeReadIsRefusedWithWhatIsWrong() {
        assertThatThrownBy(() -> PolicyRule.parse("role:a or")).hasMessageContaining("missing at the end");
        assertThatThrownBy(() -> PolicyRule.parse("(role:a")).hasMessageContaining("')' is missing");
        assertThatThrownBy(() -> PolicyRule.parse("is_admin:True")).hasMessageContaining("'is_admin:True' is not a check");
        assertThatThrownBy(() -> PolicyRule.parse("role:a role:b")).hasMessageContaining("unexpected 'role:b'");
        assertThatThrownBy(() -> PolicyRule.parse("role:")).hasMessageContaining("'role:' is not a check");
    }
}
