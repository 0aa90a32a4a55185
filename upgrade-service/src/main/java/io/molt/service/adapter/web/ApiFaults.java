package io.molt.service.adapter.web;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The error statuses an operation answers beyond those every operation may answer ({@link FaultResponses#COMMON}):
 * the API document lists them with the JSON fault each comes as.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
@interface ApiFaults {
    int[] value();
}
