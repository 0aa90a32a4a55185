package io.molt.service.application.campaign;

/** An operator's request about a campaign that cannot be done, with a message that says what to fix. */
public final class CampaignRejected extends RuntimeException {

    /** Why: the API answers 404, 409 (a conflict, or no safe plan), 400 or 503. */
    public enum Kind { NOT_FOUND, CONFLICT, NO_SAFE_PLAN, INVALID, UNAVAILABLE }

    private final Kind kind;

    public CampaignRejected(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
