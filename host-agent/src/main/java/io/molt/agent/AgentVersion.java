package io.molt.agent;

/** The agent's own version, from the jar manifest when packaged. */
public final class AgentVersion {

    public static final String VALUE = versionOf(AgentVersion.class);

    private AgentVersion() {
    }

    private static String versionOf(Class<?> type) {
        String v = type.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-dev" : v;
    }
}
