package io.molt.service.domain.plan;

/** A host in the campaign's scope that the plan leaves out, and why. */
public record SkippedHost(String host, String reason) {
}
