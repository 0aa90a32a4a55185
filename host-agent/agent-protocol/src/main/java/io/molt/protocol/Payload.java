package io.molt.protocol;

/** The body of an {@link Envelope}: a command to an agent or a report from one. */
public sealed interface Payload permits Command, Report {
}
