package io.molt.protocol;

/**
 * Protocol versions. A peer rejects a message whose version it does not support. Version 2 (docs/agent-protocol.md)
 * adds typed results and the commands an agent handles to version 1; its commands have the same form as
 * version 1's, so that the service addresses each agent in the version the agent said hello in.
 */
public final class ProtocolVersion {

    /** The version this build speaks. */
    public static final int CURRENT = 2;
    /** The oldest version this build still accepts. */
    public static final int OLDEST_SUPPORTED = 1;

    private ProtocolVersion() {
    }

    public static boolean isSupported(int version) {
        return version >= OLDEST_SUPPORTED && version <= CURRENT;
    }

    /**
     * The version to address a peer in: the one it said hello in, when this build speaks it, else the newest
     * this build speaks; a peer not heard from yet ({@code null}) gets the oldest, which every peer reads.
     */
    public static int toSpeakWith(Integer peerVersion) {
        return peerVersion == null ? OLDEST_SUPPORTED : Math.max(OLDEST_SUPPORTED, Math.min(CURRENT, peerVersion));
    }
}
