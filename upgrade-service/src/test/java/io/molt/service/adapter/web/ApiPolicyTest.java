package io.molt.service.adapter.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.security.authentication.TestingAuthenticationToken;
import org.springframework.security.core.Authentication;

class ApiPolicyTest {

    private static final Map<String, String> DEFAULTS = ApiPolicy.defaults("admin", "reader", "");

    @TempDir
    Path dir;

    private static Authentication user(String... roles) {
        String[] authorities = new String[roles.length];
        for (int i = 0; i < roles.length; i++) {
            authorities[i] = "ROLE_" + roles[i];
        }
        return new TestingAuthenticationToken("alice", null, authorities);
    }

    private static MockHttpServletRequest request(String method, String path) {
        MockHttpServletRequest request = new MockHttpServletRequest(method, path);
        request.setServletPath(path);
        return request;
    }

    @Test
    void aReaderMayListAndShowButChangeNothing() {
        ApiPolicy policy = new ApiPolicy(DEFAULTS);
        Authentication reader = user("reader");
        assertThat(policy.allows(reader, request("GET", "/v1/campaigns"))).isTrue();
        assertThat(policy.allows(reader, request("GET", "/v1/campaigns/c1/events"))).isTrue();
        assertThat(policy.allows(reader, request("GET", "/v1/campaigns/c1/hosts/compute-1"))).isTrue();
        assertThat(policy.allows(reader, request("GET", "/v1/agents/compute-1"))).isTrue();
        for (String action : new String[] {"approve", "pause", "resume", "abort"}) {
            assertThat(policy.allows(reader, request("POST", "/v1/campaigns/c1/" + action))).as(action).isFalse();
        }
        assertThat(policy.allows(reader, request("POST", "/v1/campaigns"))).isFalse();
        assertThat(policy.allows(reader, request("POST", "/v1/agents/compute-1/ping"))).isFalse();
        assertThat(policy.allows(reader, request("GET", "/actuator/prometheus"))).isFalse();
        assertThat(policy.allowsEverything(reader)).isFalse();
    }

    @Test
    void anAdminMayDoEverythingAndAMemberNothing() {
        ApiPolicy policy = new ApiPolicy(DEFAULTS);
        assertThat(policy.allowsEverything(user("admin"))).isTrue();
        assertThat(policy.allows(user("admin"), request("POST", "/v1/campaigns/c1/approve"))).isTrue();
        assertThat(policy.allows(user("member"), request("GET", "/v1/campaigns"))).isFalse();
        assertThat(policy.allows(user(), request("GET", "/v1/agents"))).isFalse();
    }

    @Test
    void withAnApproverRoleOnlyItsHoldersApprove() {
        ApiPolicy policy = new ApiPolicy(ApiPolicy.defaults("admin", "reader", "molt-approver"));
        MockHttpServletRequest approve = request("POST", "/v1/campaigns/c1/approve");
        assertThat(policy.allows(user("molt-approver"), approve)).isTrue();
        assertThat(policy.allows(user("admin"), approve)).isFalse();
        assertThat(policy.allows(user("molt-approver"), request("POST", "/v1/campaigns"))).isFalse();
        assertThat(policy.refusal(user("admin"), approve)).contains("alice may not approve a campaign")
                .contains("molt:campaigns:approve (rule:approver)").contains("[admin]");
    }

    @Test
    void aPolicyFileOverridesTheRulesItNames() throws IOException {
        Path file = Files.writeString(dir.resolve("policy.yaml"), """
                # operators may pause and resume, only admins create and abort
                "molt:campaigns:pause": "role:operator or rule:admin"
                "molt:campaigns:resume": "rule:molt:campaigns:pause"
                """);
        ApiPolicy policy = new ApiPolicy(PolicyFile.over(DEFAULTS, file));
        assertThat(policy.allows(user("operator"), request("POST", "/v1/campaigns/c1/pause"))).isTrue();
        assertThat(policy.allows(user("operator"), request("POST", "/v1/campaigns/c1/resume"))).isTrue();
        assertThat(policy.allows(user("operator"), request("POST", "/v1/campaigns/c1/abort"))).isFalse();
        assertThat(policy.allows(user("admin"), request("POST", "/v1/campaigns/c1/pause"))).isTrue();
    }

    @Test
    void aPolicyFileInJsonWorksAlike() throws IOException {
        Path file = Files.writeString(dir.resolve("policy.json"), "{\"molt:campaigns:list\": \"@\"}");
        assertThat(new ApiPolicy(PolicyFile.over(DEFAULTS, file)).allows(user(), request("GET", "/v1/campaigns"))).isTrue();
    }

    @Test
    void aMisspeltRuleNameABadCheckALoopOrAMissingRuleIsRefusedAtStart() throws IOException {
        Path misspelt = Files.writeString(dir.resolve("a.yaml"), "\"molt:campaign:approve\": \"role:x\"\n");
        assertThatThrownBy(() -> PolicyFile.over(DEFAULTS, misspelt))
                .hasMessageContaining("names the rule 'molt:campaign:approve', which Molt does not have")
                .hasMessageContaining("molt:campaigns:approve");
        Path notAString = Files.writeString(dir.resolve("b.yaml"), "\"molt:campaigns:list\": [1, 2]\n");
        assertThatThrownBy(() -> PolicyFile.over(DEFAULTS, notAString)).hasMessageContaining("must be a check string");
        Map<String, String> bad = new LinkedHashMap<>(DEFAULTS);
        bad.put("molt:campaigns:list", "role:reader or");
        assertThatThrownBy(() -> new ApiPolicy(bad)).hasMessageContaining("policy rule molt:campaigns:list");
        Map<String, String> loop = new LinkedHashMap<>(DEFAULTS);
        loop.put("admin", "rule:reader");
        assertThatThrownBy(() -> new ApiPolicy(loop)).hasMessageContaining("refers back to itself");
        Map<String, String> missing = new LinkedHashMap<>(DEFAULTS);
        missing.put("reader", "rule:readers");
        assertThatThrownBy(() -> new ApiPolicy(missing)).hasMessageContaining("rule:readers, which is not defined");
    }

    @Test
    void aFileThatIsNotAMapOfRulesIsRefused() throws IOException {
        Path list = Files.writeString(dir.resolve("c.yaml"), "- role:admin\n");
        assertThatThrownBy(() -> PolicyFile.over(DEFAULTS, list)).hasMessageContaining("must map rule names to checks");
        assertThatThrownBy(() -> PolicyFile.over(DEFAULTS, dir.resolve("absent.yaml"))).hasMessageContaining("cannot read");
    }
}
