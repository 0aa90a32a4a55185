package io.molt.migrations;

import java.util.Arrays;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateResult;

/**
 * Applies Molt's schema to a PostgreSQL database on its own, without the service:
 * <pre>
 *   java -jar db-migrations-runner.jar migrate|info|validate
 * </pre>
 * reading {@code MOLT_DB_URL}, {@code MOLT_DB_USER} and {@code MOLT_DB_PASSWORD} from the environment.
 */
public final class MigrateMain {

    private static final List<String> COMMANDS = List.of("migrate", "info", "validate");

    private MigrateMain() {
    }

    public static void main(String[] args) {
        String command = args.length == 0 ? "migrate" : args[0];
        if (args.length > 1 || !COMMANDS.contains(command)) {
            fail("usage: MOLT_DB_URL=jdbc:postgresql://HOST:5432/DB [MOLT_DB_USER=..] [MOLT_DB_PASSWORD=..] "
                    + "java -jar db-migrations-runner.jar " + String.join("|", COMMANDS) + "  (got "
                    + Arrays.toString(args) + ")");
        }
        String url = System.getenv("MOLT_DB_URL");
        if (url == null || !url.startsWith("jdbc:postgresql:")) {
            fail("MOLT_DB_URL must be set to a jdbc:postgresql:// URL, was " + (url == null ? "unset" : url));
        }
        Flyway flyway = MoltSchema.flyway(url, System.getenv("MOLT_DB_USER"), System.getenv("MOLT_DB_PASSWORD"));
        switch (command) {
            case "migrate" -> {
                MigrateResult result = flyway.migrate();
                System.out.printf("applied %d migration(s); schema now at version %s%n",
                        result.migrationsExecuted, flyway.info().current().getVersion());
            }
            case "validate" -> {
                flyway.validate();
                System.out.println("schema matches the migrations");
            }
            default -> {
                for (MigrationInfo info : flyway.info().all()) {
                    System.out.printf("%-6s %-10s %s%n", info.getVersion(), info.getState(), info.getDescription());
                }
            }
        }
    }

    private static void fail(String message) {
        System.err.println(message);
        System.exit(2);
    }
}
