package org.arrears.sms;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.arrears.compliance.Channel;
import org.arrears.compliance.ReasonCode;
import org.arrears.config.Settings;
import org.arrears.outreach.ChannelAdapter;
import org.arrears.outreach.ClaimedMessage;
import org.arrears.outreach.Delivery;
import org.arrears.outreach.DeliveryException;
import org.arrears.outreach.GatewayHealth;
import org.arrears.outreach.MessageContext;
import org.arrears.outreach.MessageModel;
import org.arrears.outreach.RenderedMessage;
import org.arrears.outreach.TemplateException;
import org.arrears.outreach.TemplateRenderer;
import org.arrears.policy.DunningPolicy;
import org.arrears.policy.DunningStep;

/**
 * The SMS channel, the counterpart of {@link org.arrears.email.EmailAdapter}: checks the SMS templates at startup, and
 * per message normalises the number, renders the text with the same model as an email, counts its segments again and
 * hands it to an {@link SmsGateway}.
 *
 * <ul>
 *   <li>A number that is not valid in the debtor's country (or internationally) is refused before any gateway call:
 *       RECIPIENT_REFUSED with {@link ReasonCode#INVALID_NUMBER}; one the numbering plan knows as a landline (fixed
 *       line only, not "fixed line or mobile" as in the US and Canada) with {@link ReasonCode#LANDLINE}.</li>
 *   <li>A text longer than its step's maximum of segments (a long name or amount the startup sample did not have) is
 *       PERMANENT, naming the count.</li>
 * </ul>
 */
public final class SmsAdapter implements ChannelAdapter {

    /** A step's maximum number of segments, by policy code and step code. */
    @FunctionalInterface
    public interface MaxSegments {
        int of(String policyCode, String stepCode);

        /** The same maximum for every step. */
        static MaxSegments fixed(int segments) {
            if (segments < 1) {
                throw new IllegalArgumentException("SMS max-segments: must be at least 1, got " + segments);
            }
            return (policy, step) -> segments;
        }
    }

    private final SmsGateway gateway;
    private final SmsTemplates templates;
    private final MessageModel model;
    private final Clock clock;
    private final String from;
    private final MaxSegments maxSegmentsByStep;
    /** Numbers in the ranges kept for fiction pass (the demo, benchmarks): arrears.sms.fictional-numbers. */
    private volatile boolean fictional;

    /**
     * @param from              the sender every text names, or null for the gateway's default
     * @param maxSegmentsByStep each step's maximum number of segments ({@link MaxSegments#fixed} of
     *                          {@link SmsTemplates#DEFAULT_MAX_SEGMENTS} when the policies set none)
     */
    public SmsAdapter(SmsGateway gateway, SmsTemplates templates, MessageModel model, Clock clock, String from,
                      MaxSegments maxSegmentsByStep) {
        this.gateway = gateway;
        this.templates = templates;
        this.model = model;
        this.clock = clock;
        this.from = from;
        this.maxSegmentsByStep = maxSegmentsByStep;
    }

    public SmsAdapter(SmsGateway gateway, SmsTemplates templates, MessageModel model, Clock clock, String from) {
        this(gateway, templates, model, clock, from, MaxSegments.fixed(SmsTemplates.DEFAULT_MAX_SEGMENTS));
    }

    /**
     * The adapter the settings describe: the sender {@code arrears.sms.from}, the opt-out phrases
     * {@code arrears.sms.opt-out-phrase.*}, and {@code arrears.sms.max-segments} for every step
     * ({@code maxSegmentsByStep} null) or the policies' own per-step maximum.
     */
    public static SmsAdapter from(Settings settings, SmsGateway gateway, TemplateRenderer renderer, MessageModel model,
                                  Clock clock, MaxSegments maxSegmentsByStep) {
        SmsSettings sms = SmsSettings.from(settings);
        SmsTemplates templates;
        try {
            templates = new SmsTemplates(renderer, model, SmsTemplates.optOutPhrases(settings));
        } catch (IllegalArgumentException e) {
            throw new org.arrears.config.ConfigException(e.getMessage(), e);
        }
        return new SmsAdapter(gateway, templates, model, clock, sms.from(),
                maxSegmentsByStep != null ? maxSegmentsByStep : MaxSegments.fixed(sms.maxSegments()))
                .allowFictionalNumbers(settings.getBoolean("arrears.sms.fictional-numbers", false));
    }

    /** Accepts numbers from the ranges kept for fiction (PhoneNumbers.fictional): for demos and benchmarks. */
    public SmsAdapter allowFictionalNumbers(boolean allow) {
        this.fictional = allow;
        return this;
    }

    public SmsGateway gateway() {
        return gateway;
    }

    @Override
    public Channel channel() {
        return Channel.SMS;
    }

    @Override
    public String describe() {
        return gateway.describe();
    }

    @Override
    public GatewayHealth health() {
        return gateway.health();
    }

    /** Checks the template of every step that may go by SMS: it exists, carries its opt-out sentence, fits the step. */
    @Override
    public void validateTemplates(List<DunningPolicy> policies) {
        TemplateRenderer renderer = templates.renderer();
        for (DunningPolicy p : policies) {
            for (DunningStep s : p.steps()) {
                if (!s.channels().contains(Channel.SMS)) {
                    continue;
                }
                if (!renderer.exists("sms", s.template(), "text.ftl")) {
                    throw new TemplateException(p.source() + ":" + s.line() + ": step '" + s.code() + "' may go by SMS but "
                            + renderer.root().resolve("sms").resolve(s.template()).resolve("text.ftl") + " does not exist");
                }
                try {
                    templates.validate(s.template(), s.code(), maxSegmentsByStep.of(p.code(), s.code()));
                } catch (TemplateException e) {
                    throw new TemplateException(p.source() + ":" + s.line() + ": step '" + s.code() + "': " + e.getMessage());
                }
            }
        }
    }

    @Override
    public ChannelAdapter.Session open() {
        return new ChannelAdapter.Session() {
            @Override
            public Delivery deliver(MessageContext ctx) throws DeliveryException {
                return SmsAdapter.this.deliver(ctx);
            }

            @Override
            public void close() {
                // the gateway keeps its own connections, shared by every worker
            }
        };
    }

    private Delivery deliver(MessageContext ctx) throws DeliveryException {
        ClaimedMessage m = ctx.message();
        String stored = ctx.contactPoint() != null ? ctx.contactPoint().address() : m.address();
        PhoneNumbers.Number number = number(stored, ctx.debtor() == null ? null : ctx.debtor().jurisdiction());
        if (number.lineType() == PhoneNumbers.LineType.LANDLINE) {
            throw new DeliveryException("phone number " + PhoneNumbers.mask(number.e164()) + ": a landline in the numbering "
                    + "plan of " + number.region() + ", it cannot receive texts", DeliveryException.Kind.RECIPIENT_REFUSED,
                    null, null, ReasonCode.LANDLINE);
        }
        RenderedMessage r = render(ctx);
        SmsEncoding.Count count = SmsEncoding.count(r.text());
        int max = maxSegmentsByStep.of(m.policyCode(), m.stepCode());
        if (count.segments() > max) {
            throw new DeliveryException("the text takes " + count.segments() + " segments (" + count.units() + " "
                    + (count.encoding() == SmsEncoding.Encoding.GSM_7 ? "GSM-7 septets" : "UCS-2 units") + "), more than the "
                    + max + " step '" + m.stepCode() + "' allows; not sent", DeliveryException.Kind.PERMANENT, null);
        }
        SmsGateway.Accepted a = gateway.send(new SmsMessage(m.id(), m.token(), number.e164(), from, r.text(), count));
        return new Delivery(a.providerMessageId(), a.providerResponse(), a.wire(), r.templateVersion());
    }

    private RenderedMessage render(MessageContext ctx) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ctx.debtor() == null || ctx.debtor().timeZone() == null
                ? ZoneOffset.UTC : ctx.debtor().timeZone());
        Map<String, Object> data = model.build(ctx, today);
        return templates.render(ctx.message().template(), ctx.locale(), data);
    }

    /** The text as it would go, with its encoding and segments against the step's maximum. */
    @Override
    public Rendering preview(MessageContext ctx) {
        RenderedMessage r = render(ctx);
        SmsEncoding.Count count = SmsEncoding.count(r.text());
        int max = maxSegmentsByStep.of(ctx.message().policyCode(), ctx.message().stepCode());
        return new Rendering("Text: " + count.segments() + " segment(s) of at most " + max + ", " + count.encoding()
                + ", " + count.units() + (count.encoding() == SmsEncoding.Encoding.GSM_7 ? " septets" : " UCS-2 units")
                + "; template version " + r.templateVersion(), r.text(), null, null);
    }

    /** The stored number in E.164, read as national in the debtor's country ("US-CA" → US) when it has no +. */
    private PhoneNumbers.Number number(String stored, String jurisdiction) throws DeliveryException {
        String country = jurisdiction == null ? null : jurisdiction.split("-", 2)[0].strip().toUpperCase(Locale.ROOT);
        try {
            try {
                return PhoneNumbers.normalise(stored, country != null && country.length() == 2 ? country : null, fictional);
            } catch (InvalidPhoneNumberException e) {
                throw e;
            } catch (IllegalArgumentException e) {
                // a jurisdiction without a numbering plan of its own: only international numbers can be read
                return PhoneNumbers.normalise(stored, null, fictional);
            }
        } catch (InvalidPhoneNumberException e) {
            throw new DeliveryException(e.getMessage(), DeliveryException.Kind.RECIPIENT_REFUSED, null, null,
                    ReasonCode.INVALID_NUMBER);
        }
    }
}
