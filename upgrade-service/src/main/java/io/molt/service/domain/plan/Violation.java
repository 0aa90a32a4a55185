package io.molt.service.domain.plan;

/**
 * A constraint no plan can meet.
 *
 * @param host       the host where it bites
 * @param vmUuid     the VM concerned, or null when it is about the host
 * @param constraint which rule: {@code vm-policy}, {@code max-downtime}, {@code capacity}, {@code anti-affinity}...
 * @param detail     the particulars in words
 */
public record Violation(String host, String vmUuid, String constraint, String detail) {

    public String describe() {
        return "host " + host + (vmUuid == null ? "" : ", VM " + vmUuid) + ": " + constraint + ": " + detail;
    }

    /** The same words as {@link #describe()}: a violation joined into a message reads as text, not as a record. */
    @Override
    public String toString() {
        return describe();
    }
}
