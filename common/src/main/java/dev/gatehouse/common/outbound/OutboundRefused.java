package dev.gatehouse.common.outbound;

/** A request the outbound policy will not make; the message says why in words an admin can act on. */
public class OutboundRefused extends RuntimeException {

    public OutboundRefused(String message) {
        super(message);
    }
}
