package io.molt.service.application.campaign;

import java.util.function.Consumer;

/** A {@link StepBoundaries} whose reaction a test sets: e.g. pause the campaign when a step completes. */
final class TestBoundaries implements StepBoundaries {

    private volatile String match = "";
    private volatile Consumer<String> action = campaignId -> { };

    /** At the first boundary of {@code host} whose name is {@code boundary}, runs {@code then} once. */
    void at(String host, String boundary, Consumer<String> then) {
        match = host + "|" + boundary;
        action = then;
    }

    @Override
    public void reached(String campaignId, String host, String boundary) {
        if (match.equals(host + "|" + boundary)) {
            match = "";
            action.accept(campaignId);
        }
    }
}
