package org.carecall.hub.config;

/** A configuration that cannot be used; the message says which setting and why. */
public class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }
}
