package io.molt.service.adapter.web;

import org.springframework.http.HttpStatus;

/** An API error with the status to answer and a message that says what to fix. */
class ApiException extends RuntimeException {

    private final HttpStatus status;

    ApiException(HttpStatus status, String message) {
        super(message);
        this.status = status;
    }

    HttpStatus status() {
        return status;
    }
}
