package io.molt.migrations;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * A new, empty database on the local PostgreSQL (the real one, never an in-memory stand-in), dropped
 * on {@link #close()}. The server is {@code MOLT_TEST_PG} (default {@code 127.0.0.1:5432}), reached
 * as {@code MOLT_TEST_PG_USER} (default {@code postgres}) with trust authentication.
 */
public final class FreshDatabase implements AutoCloseable {

    private static final String SERVER = env("MOLT_TEST_PG", "127.0.0.1:5432");
    private static final String USER = env("MOLT_TEST_PG_USER", "postgres");

    private final String name;

    private FreshDatabase(String name) {
        this.name = name;
    }

    public static FreshDatabase create(String purpose) {
        String name = ("molt_" + purpose + "_" + UUID.randomUUID().toString().substring(0, 8))
                .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        admin("CREATE DATABASE " + name);
        return new FreshDatabase(name);
    }

    public String url() {
        return "jdbc:postgresql://" + SERVER + "/" + name;
    }

    public String user() {
        return USER;
    }

    public String name() {
        return name;
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url(), USER, null);
    }

    @Override
    public void close() {
        admin("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
    }

    private static void admin(String sql) {
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://" + SERVER + "/postgres", USER, null);
             Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL at " + SERVER + " as " + USER + " refused '" + sql
                    + "': " + e.getMessage() + " (is it running? see README: dev/services)", e);
        }
    }

    private static String env(String key, String fallback) {
        String value = System.getenv(key);
        return value == null || value.isBlank() ? fallback : value;
    }
}
