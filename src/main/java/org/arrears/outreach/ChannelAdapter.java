package org.arrears.outreach;

import java.util.List;
import org.arrears.compliance.Channel;
import org.arrears.policy.DunningPolicy;

/**
 * A channel's gateway (SMTP, SMS HTTP, print batch, or an outbox folder when none is configured): renders
 * and delivers one message at a time over a session that a dispatcher keeps open for a whole batch.
 */
public interface ChannelAdapter {

    Channel channel();

    /** Renders every template the policies use with sample data; throws naming file, line and problem. */
    void validateTemplates(List<DunningPolicy> policies);

    /** Opens a connection that delivers a batch; a failure here leaves the batch for a later retry. */
    Session open() throws DeliveryException;

    /** Where messages go, for people: a host name or an outbox folder. */
    String describe();

    /** What the gateway last did, for the health check; adapters that know more report their real state. */
    default GatewayHealth health() {
        return new GatewayHealth(true, describe(), "no gateway exchange yet", null);
    }

    /**
     * What a message looks like on this channel, for a person (the preview command): a line describing it (a text's
     * encoding and segments, a letter's pages), its text, and for a letter the PDF. Nothing is sent or recorded.
     */
    record Rendering(String description, String text, byte[] document, String documentExtension) {
    }

    /** Renders one message for the preview; channels without a preview say so. */
    default Rendering preview(MessageContext context) throws DeliveryException {
        throw new UnsupportedOperationException(channel().code() + " messages have no preview");
    }

    interface Session extends AutoCloseable {
        Delivery deliver(MessageContext context) throws DeliveryException;

        /**
         * Makes final what {@link #deliver} accepted since the last call, before the dispatcher records those
         * deliveries as SENT: a print channel writes its batch here. A failure turns every delivery since the last
         * commit into a retry. Gateways that hand each message over in {@code deliver} need nothing here.
         */
        default void commit() throws DeliveryException {
        }

        @Override
        void close();
    }
}
