package io.molt.service.embedded;

import java.nio.file.Path;

/**
 * A run of the embedded infrastructure in a JVM of its own, to be killed: starts it on the data directory
 * given (data kept), prints {@code ready <jdbc url>} and waits until killed.
 */
public final class InfrastructureHolder {

    private InfrastructureHolder() {
    }

    public static void main(String[] args) throws Exception {
        EmbeddedInfrastructure infra = EmbeddedInfrastructure.start(Path.of(args[0]), true);
        System.out.println("ready " + infra.jdbcUrl());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
