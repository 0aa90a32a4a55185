package io.molt.service.domain.cloud;

import java.util.List;
import java.util.Objects;

/** A Nova server group: its policy constrains where members may be and which may be down together. */
public record ServerGroup(String id, String name, GroupPolicy policy, List<String> memberUuids) {

    public ServerGroup {
        Objects.requireNonNull(id, "id is required");
        Objects.requireNonNull(policy, "policy is required");
        memberUuids = List.copyOf(memberUuids);
    }

    /** Nova's server group policies. */
    public enum GroupPolicy {
        AFFINITY,
        ANTI_AFFINITY,
        SOFT_AFFINITY,
        SOFT_ANTI_AFFINITY;

        /** Nova's wire name, e.g. {@code anti-affinity}. */
        public String novaName() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
        }

        public static GroupPolicy fromNova(String value) {
            return valueOf(value.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
        }
    }
}
