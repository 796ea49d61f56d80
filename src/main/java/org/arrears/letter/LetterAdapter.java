package org.arrears.letter;

import java.io.IOException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.arrears.compliance.Channel;
import org.arrears.compliance.ReasonCode;
import org.arrears.outreach.ChannelAdapter;
import org.arrears.outreach.Delivery;
import org.arrears.outreach.DeliveryException;
import org.arrears.outreach.GatewayHealth;
import org.arrears.outreach.InvoiceLine;
import org.arrears.outreach.MessageContext;
import org.arrears.outreach.TemplateException;
import org.arrears.outreach.TemplateRenderer;
import org.arrears.policy.DunningPolicy;
import org.arrears.policy.DunningStep;

/**
 * The letter channel: renders each letter to PDF/A-2b in {@code deliver} and keeps it in the session's open print
 * batch; {@code commit} (which the dispatcher calls before it records those letters as SENT) writes the batch to the
 * print outbox with {@link PrintBatchWriter}, one batch per commit. A batch that cannot be written throws, so its
 * letters are retried and never recorded as sent without their batch.
 *
 * <p>A letter's address is its contact point's address: the postal lines separated by line breaks (street, postcode
 * and town, and for mail abroad the destination country as the last line), without the name, which is the debtor's.
 * The destination country (for postage and the envelope layout) is the debtor's jurisdiction ({@code DE},
 * {@code US-CA} → US). An address of fewer than two lines or more than five, or a debtor without a jurisdiction,
 * is refused as RECIPIENT_REFUSED with reason UNDELIVERABLE.
 *
 * <p>The provider id of a letter is {@code <batch>#<sequence>}, the sequence counting the batch's letters from 1 in
 * manifest order; the provider response is the batch's PDF file name.
 */
public final class LetterAdapter implements ChannelAdapter {

    /** The most postal lines a window holds below the recipient's name. */
    static final int MAX_ADDRESS_LINES = 5;
    private static final DateTimeFormatter BATCH_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private final LetterSettings settings;
    private final LetterRenderer renderer;
    private final TemplateRenderer templates;
    private final PrintBatchWriter writer;
    private final Clock clock;
    private final Supplier<String> batchIds;
    private final AtomicReference<GatewayHealth> health;

    public LetterAdapter(LetterSettings settings, LetterRenderer renderer, TemplateRenderer templates, Clock clock) {
        this(settings, renderer, templates, clock, null);
    }

    /** @param batchIds the next batch's id (tests name their batches); null: {@code print-<UTC time>-<random>} */
    LetterAdapter(LetterSettings settings, LetterRenderer renderer, TemplateRenderer templates, Clock clock,
                  Supplier<String> batchIds) {
        this.settings = settings;
        this.renderer = renderer;
        this.templates = templates;
        this.writer = new PrintBatchWriter(settings.outbox(), settings.sides(),
                new PrintBatchWriter.Envelope(settings.returnName(), settings.returnAddress()));
        this.clock = clock;
        this.batchIds = batchIds != null ? batchIds
                : () -> "print-" + BATCH_TIME.format(clock.instant()) + "-" + UUID.randomUUID().toString().substring(0, 8);
        this.health = new AtomicReference<>(new GatewayHealth(true, describe(), "no print batch written yet", null));
    }

    /**
     * The letter channel as configured: {@link LetterSettings#from} (which fails fast on an invalid setting or an R14
     * violation) and a renderer whose return line is the configured return name and address.
     */
    public static LetterAdapter from(org.arrears.config.Settings settings, TemplateRenderer templates,
                                     org.arrears.outreach.MessageModel model, Clock clock) {
        LetterSettings letters = LetterSettings.from(settings);
        return new LetterAdapter(letters, new LetterRenderer(templates, model, letters), templates, clock);
    }

    public LetterSettings settings() {
        return settings;
    }

    @Override
    public Channel channel() {
        return Channel.LETTER;
    }

    @Override
    public String describe() {
        return settings.outbox().toString();
    }

    @Override
    public GatewayHealth health() {
        return health.get();
    }

    /**
     * Renders every letter template a policy step names, in every locale it has and in every configured envelope
     * layout, with sample data; a missing template or one that cannot be rendered or laid out throws naming the
     * policy file and line, the template file and the problem.
     */
    @Override
    public void validateTemplates(List<DunningPolicy> policies) {
        Set<EnvelopeLayout> layouts = new LinkedHashSet<>();
        layouts.add(settings.layout());
        layouts.addAll(settings.layoutByCountry().values());
        Set<String> done = new java.util.HashSet<>();
        for (DunningPolicy p : policies) {
            for (DunningStep s : p.steps()) {
                if (!s.channels().contains(Channel.LETTER)) {
                    continue;
                }
                String where = p.source() + ":" + s.line() + ": step '" + s.code() + "' uses letter template '" + s.template() + "'";
                if (!templates.exists("letter", s.template(), "letter.ftlh")) {
                    throw new TemplateException(where + " but " + templates.root().resolve(LetterRenderer.templateName(s.template()))
                            + " does not exist");
                }
                if (!done.add(s.template() + "|" + s.code())) {
                    continue;
                }
                for (Locale locale : templates.locales("letter", s.template())) {
                    for (EnvelopeLayout layout : layouts) {
                        try {
                            renderer.render(sample(s.template(), s.code(), locale, layout));
                        } catch (TemplateException | IllegalArgumentException e) {
                            throw new TemplateException(where + " (locale " + locale.toLanguageTag() + ", layout "
                                    + layout.name() + "): " + e.getMessage(), e);
                        }
                    }
                }
            }
        }
    }

    /** A believable letter to check a template with. */
    static Letter sample(String template, String step, Locale locale, EnvelopeLayout layout) {
        LocalDate today = LocalDate.of(2026, 3, 15);
        List<InvoiceLine> lines = List.of(
                new InvoiceLine(1, "INV-2026-000101", "EUR", today.minusDays(40), today.minusDays(10),
                        new BigDecimal("1250.00"), new BigDecimal("1250.00"), "RF18539007547034", false),
                new InvoiceLine(2, "INV-2026-000117", "EUR", today.minusDays(30), today.minusDays(2),
                        new BigDecimal("99.90"), new BigDecimal("49.90"), "RF71I4", false));
        Recipient to = new Recipient("Sample Debtor", List.of("Sample Street 1", "12345 Sample Town"), "DE");
        return new Letter(0, template, step, locale, layout, 4711, to, "EUR", today, true, lines);
    }

    /**
     * The recipient of a message: the debtor's name over the contact point's address lines, in the country of the
     * debtor's jurisdiction. Throws RECIPIENT_REFUSED (UNDELIVERABLE) naming what is missing.
     */
    static Recipient recipient(MessageContext ctx) throws DeliveryException {
        long id = ctx.message().id();
        String address = ctx.contactPoint() == null ? null : ctx.contactPoint().address();
        List<String> lines = address == null ? List.of()
                : address.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        String problem = null;
        if (lines.size() < 2) {
            problem = "the postal address has " + lines.size() + " line(s); a letter needs at least the street and the "
                    + "postcode and town, one per line";
        } else if (lines.size() > MAX_ADDRESS_LINES) {
            problem = "the postal address has " + lines.size() + " lines; the envelope window holds at most " + MAX_ADDRESS_LINES;
        } else if (ctx.debtorName() == null || ctx.debtorName().isBlank()) {
            problem = "the debtor has no name to print above the address";
        }
        String jurisdiction = ctx.debtor() == null ? null : ctx.debtor().jurisdiction();
        String country = jurisdiction == null ? "" : jurisdiction.strip().split("-", 2)[0];
        if (problem == null && !country.matches("[A-Za-z]{2}")) {
            problem = "the debtor's jurisdiction '" + jurisdiction + "' names no country (ISO 3166 code, like DE or US-CA)";
        }
        if (problem != null) {
            throw new DeliveryException("letter " + id + ": " + problem, DeliveryException.Kind.RECIPIENT_REFUSED, null,
                    null, ReasonCode.UNDELIVERABLE);
        }
        return new Recipient(ctx.debtorName().strip(), lines, country);
    }

    @Override
    public ChannelAdapter.Session open() {
        return new BatchSession();
    }

    private Letter letter(MessageContext ctx, Recipient to) {
        EnvelopeLayout layout = settings.layoutFor(to.country());
        LocalDate today = LocalDate.ofInstant(clock.instant(),
                ctx.debtor().timeZone() == null ? ZoneOffset.UTC : ctx.debtor().timeZone());
        return new Letter(ctx.message().id(), ctx.message().template(), ctx.message().stepCode(), ctx.locale(),
                layout, ctx.message().debtorId(), to, ctx.message().currency(), today, ctx.message().stepIndex() == 0,
                ctx.invoices());
    }

    /** The letter as it would be printed: the PDF, its pages and envelope layout; nothing is batched. */
    @Override
    public Rendering preview(MessageContext ctx) throws DeliveryException {
        Recipient to = recipient(ctx);
        Letter letter = letter(ctx, to);
        RenderedLetter r = renderer.render(letter);
        return new Rendering("Letter: " + r.pages() + " page(s), envelope " + letter.layout().name() + ", postage "
                + settings.postageFor(to.country()) + "; template version " + r.templateVersion(), null, r.pdf(), "pdf");
    }

    /** Keeps the letters delivered since the last commit; the commit writes them as one print batch. */
    private final class BatchSession implements ChannelAdapter.Session {
        private final List<PrintBatchWriter.Entry> batch = new ArrayList<>();
        private String batchId;

        @Override
        public Delivery deliver(MessageContext ctx) throws DeliveryException {
            Recipient to = recipient(ctx);
            Letter letter = letter(ctx, to);
            RenderedLetter rendered;
            try {
                rendered = renderer.render(letter);
            } catch (TemplateException e) {
                throw new DeliveryException(e.getMessage(), DeliveryException.Kind.PERMANENT, e);
            }
            if (batchId == null) {
                batchId = batchIds.get();
            }
            batch.add(new PrintBatchWriter.Entry(to, rendered, settings.postageFor(to.country())));
            return new Delivery(batchId + "#" + batch.size(), batchId + ".pdf", rendered.pdf(), rendered.templateVersion());
        }

        @Override
        public void commit() throws DeliveryException {
            if (batch.isEmpty()) {
                return;
            }
            String id = batchId;
            List<PrintBatchWriter.Entry> letters = List.copyOf(batch);
            batch.clear();
            batchId = null;
            try {
                writer.write(id, letters);
                health.set(new GatewayHealth(true, describe(), "print batch " + id + " written (" + letters.size()
                        + " letters)", clock.instant()));
            } catch (IOException | RuntimeException e) {
                String why = "cannot write print batch " + id + " of " + letters.size() + " letters to " + describe()
                        + ": " + e;
                health.set(new GatewayHealth(false, describe(), why, clock.instant()));
                throw new DeliveryException(why, DeliveryException.Kind.GATEWAY_DOWN, e);
            }
        }

        @Override
        public void close() {
            // letters not committed were never recorded as sent: the dispatcher retries them
            batch.clear();
            batchId = null;
        }
    }
}
