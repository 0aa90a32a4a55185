package io.molt.service.domain.campaign;

/** A state change that the campaign or host transition table does not allow. */
public final class IllegalTransition extends RuntimeException {

    public IllegalTransition(String message) {
        super(message);
    }
}
