package io.molt.agent.libvirt;

/** A hypervisor call failed; the message carries libvirt's own words. */
public class DomainsException extends RuntimeException {

    public DomainsException(String message, Throwable cause) {
        super(message, cause);
    }

    public DomainsException(String message) {
        super(message);
    }
}
