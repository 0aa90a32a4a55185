package io.molt.agent.config;

/** The config file cannot be used; the message names the file, the key and what is expected. */
public final class InvalidConfigException extends Exception {

    public InvalidConfigException(String message) {
        super(message);
    }
}
