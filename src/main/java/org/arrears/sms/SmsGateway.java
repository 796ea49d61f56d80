package org.arrears.sms;

import org.arrears.outreach.DeliveryException;
import org.arrears.outreach.GatewayHealth;

/**
 * Hands texts to an SMS provider: an HTTP API (Twilio-compatible or configured), an SMSC over SMPP, or the outbox
 * folder when none is configured. Thread-safe: every dispatch worker sends through the same gateway.
 *
 * <p>Failures are {@link DeliveryException}s of the dispatcher's kinds: RECIPIENT_REFUSED for a number the
 * provider says is invalid or cannot receive texts, PERMANENT for a message it will never take, TEMPORARY for one
 * to retry later (429, a 5xx, a timeout), GATEWAY_DOWN when the provider cannot be reached or its circuit is open.
 */
public interface SmsGateway extends AutoCloseable {

    /** What the provider accepted: its message id, its reply (short), and the bytes that left, kept as evidence. */
    record Accepted(String providerMessageId, String providerResponse, byte[] wire) {
    }

    Accepted send(SmsMessage message) throws DeliveryException;

    /** For people: the host, the SMSC or the outbox folder. */
    String describe();

    default GatewayHealth health() {
        return new GatewayHealth(true, describe(), "no gateway exchange yet", null);
    }

    @Override
    default void close() {
    }
}
