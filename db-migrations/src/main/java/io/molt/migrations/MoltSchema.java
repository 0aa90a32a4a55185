package io.molt.migrations;

import org.flywaydb.core.Flyway;

/** Where Molt's migrations live and how Flyway is set up for them; shared by the runner and the tests. */
public final class MoltSchema {

    /** Classpath location of the SQL migrations. */
    public static final String LOCATION = "classpath:db/migration";

    private MoltSchema() {
    }

    public static Flyway flyway(String url, String user, String password) {
        return Flyway.configure()
                .dataSource(url, user, password)
                .locations(LOCATION)
                .validateMigrationNaming(true)
                .cleanDisabled(true)
                .load();
    }
}
