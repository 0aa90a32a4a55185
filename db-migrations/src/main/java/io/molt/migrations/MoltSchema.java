package io.molt.migrations;

import org.flywaydb.core.Flyway;

/** Where Molt's migrations live and how Flyway is set up for them; shared by the runner and the tests. */
public final class MoltSchema {

    /** Classpath location of the SQL migrations. */
    public static final String LOCATION = "classpath:db/migration";

    private MoltSchema() {
    }

    public static Flyway flyway(String url, String user, String password) {
        return flyway(url, user, password, LOCATION);
    }

    /** The same set-up over other locations (tests). */
    static Flyway flyway(String url, String user, String password, String location) {
        return Flyway.configure()
                .dataSource(url, user, password)
                .locations(location)
                .validateMigrationNaming(true)
                // branches take migration numbers ahead of main (V8 before V5-V7): a database that has a higher
                // one applies a lower one that arrives later instead of refusing to start
                .outOfOrder(true)
                .cleanDisabled(true)
                .load();
    }
}
