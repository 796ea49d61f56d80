package org.arrears.outreach;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.arrears.compliance.Channel;
import org.arrears.policy.DunningPolicy;

/**
 * One channel for several creditors: each message goes through the adapter built for its creditor (its brand,
 * letterhead, bank details, From / Reply-To / bounce domain, SMS sender id, print settings and template folder),
 * chosen by the message's creditor_id; a creditor without an adapter of its own uses the default creditor's. A
 * batch opens each creditor's session when its first message comes, and commits and closes every one it opened.
 */
public final class ByCreditor implements ChannelAdapter {

    private final Map<Long, ChannelAdapter> adapters;
    private final ChannelAdapter fallback;

    /** @param adapters by creditor id; the one of {@code defaultId} serves messages of creditors not listed */
    public ByCreditor(Map<Long, ? extends ChannelAdapter> adapters, long defaultId) {
        this.adapters = Map.copyOf(adapters);
        this.fallback = adapters.get(defaultId);
        if (fallback == null) {
            throw new IllegalArgumentException("no adapter for the default creditor " + defaultId);
        }
    }

    /** The adapter that renders and delivers a creditor's messages. */
    public ChannelAdapter of(long creditorId) {
        return adapters.getOrDefault(creditorId, fallback);
    }

    @Override
    public Channel channel() {
        return fallback.channel();
    }

    @Override
    public void validateTemplates(List<DunningPolicy> policies) {
        for (ChannelAdapter a : adapters.values()) {
            a.validateTemplates(policies);
        }
    }

    @Override
    public String describe() {
        return fallback.describe() + " (" + adapters.size() + " creditors)";
    }

    @Override
    public GatewayHealth health() {
        return fallback.health();
    }

    @Override
    public Rendering preview(MessageContext context) throws DeliveryException {
        return of(context.message().creditorId()).preview(context);
    }

    @Override
    public Session open() throws DeliveryException {
        return new Session() {
            private final Map<ChannelAdapter, Session> open = new LinkedHashMap<>();

            @Override
            public Delivery deliver(MessageContext context) throws DeliveryException {
                ChannelAdapter a = of(context.message().creditorId());
                Session s = open.get(a);
                if (s == null) {
                    s = a.open();
                    open.put(a, s);
                }
                return s.deliver(context);
            }

            @Override
            public void commit() throws DeliveryException {
                for (Session s : open.values()) {
                    s.commit();
                }
            }

            @Override
            public void close() {
                for (Session s : open.values()) {
                    s.close();
                }
                open.clear();
            }
        };
    }
}
