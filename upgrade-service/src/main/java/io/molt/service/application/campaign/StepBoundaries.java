package io.molt.service.application.campaign;

/**
 * Called at every step boundary of the engine (after a step was recorded as begun, after it was carried
 * out, after its end was recorded). Production does nothing; crash tests stop the engine here.
 */
@FunctionalInterface
public interface StepBoundaries {

    StepBoundaries NONE = (campaignId, host, boundary) -> {
    };

    void reached(String campaignId, String host, String boundary);
}
