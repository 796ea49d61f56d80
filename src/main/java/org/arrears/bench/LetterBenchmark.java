package org.arrears.bench;

import static org.arrears.bench.BenchSupport.check;
import static org.arrears.bench.BenchSupport.deleteTree;
import static org.arrears.bench.BenchSupport.peakHeapBytes;
import static org.arrears.bench.BenchSupport.resetPeaks;

import com.openhtmltopdf.pdfboxout.PdfBoxRenderer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.arrears.compliance.Channel;
import org.arrears.compliance.ContactPointProfile;
import org.arrears.compliance.DebtorProfile;
import org.arrears.config.Settings;
import org.arrears.letter.EnvelopeLayout;
import org.arrears.letter.Letter;
import org.arrears.letter.LetterAdapter;
import org.arrears.letter.LetterRenderer;
import org.arrears.letter.LetterSettings;
import org.arrears.letter.Recipient;
import org.arrears.outreach.ChannelAdapter;
import org.arrears.outreach.ClaimedMessage;
import org.arrears.outreach.Company;
import org.arrears.outreach.InvoiceLine;
import org.arrears.outreach.MessageContext;
import org.arrears.outreach.MessageModel;
import org.arrears.outreach.OptOutLinks;
import org.arrears.outreach.TemplateRenderer;

/**
 * Letter throughput: the hub's letter channel ({@link LetterAdapter} sessions: render the template, lay the letter
 * out as PDF/A-2b, and on each commit merge the batch's letters into one PDF and write the manifests and marker to a
 * print outbox), against a bare openhtmltopdf loop laying out the same pre-built HTML with the same fonts and
 * PDF/A-2b settings, on the same number of threads, in the same run. The message contexts are built in memory, as
 * the dispatcher reads them, so the figure is the channel's own cost; the database work every channel shares (claim,
 * context, record) is what the campaign and SMS benchmarks measure, well under a millisecond per message.
 */
public final class LetterBenchmark {

    /** Distinct letters (debtors, addresses, 1 to 4 invoices) both sides cycle through. */
    private static final int DISTINCT = 200;
    /** Letters each side lays out before its measured run. */
    private static final int WARM_UP = 200;


    private LetterBenchmark() {
    }

    public static Throughput run(Settings base, int letters, int threads, PrintStream out) throws Exception {
        check(letters > 0 && threads > 0, "--letters and --threads must be at least 1");
        Path tmp = Files.createTempDirectory("arrears-bench-letters-");
        Clock clock = Clock.fixed(Instant.parse("2026-12-02T12:00:00Z"), ZoneOffset.UTC);
        try {
            Settings s = base.with(Map.of("arrears.letter.outbox", tmp.resolve("print").toString()));
            LetterSettings settings = LetterSettings.from(s);
            TemplateRenderer templates = new TemplateRenderer(Path.of(s.get("arrears.templates", "templates")));
            MessageModel model = new MessageModel(Company.from(s), new OptOutLinks("bench-secret-0123456789abcdef",
                    s.get("arrears.web.public-url", "http://localhost:8080")));
            LetterRenderer renderer = new LetterRenderer(templates, model, settings);
            LetterAdapter adapter = new LetterAdapter(settings, renderer, templates, clock);
            List<MessageContext> contexts = contexts();
            List<String> html = new ArrayList<>(DISTINCT);
            for (MessageContext c : contexts) {
                html.add(renderer.html(letterOf(c, settings)));
            }

            // warm-up, each side
            hub(adapter, contexts, WARM_UP, threads, settings.batchSize());
            baseline(html, WARM_UP, threads);
            deleteTree(settings.outbox());

            System.gc();
            resetPeaks();
            long t0 = System.nanoTime();
            long baselineBytes = baseline(html, letters, threads);
            double baselineSeconds = (System.nanoTime() - t0) / 1e9;
            out.printf(Locale.ROOT, "baseline: %,d letters laid out by bare openhtmltopdf (PDF/A-2b, DejaVu Sans) on %d threads "
                    + "in %.2f s = %,.0f letters/s (%,d kB of PDF)%n", letters, threads, baselineSeconds,
                    letters / baselineSeconds, baselineBytes / 1024);

            long t1 = System.nanoTime();
            int batches = hub(adapter, contexts, letters, threads, settings.batchSize());
            double hubSeconds = (System.nanoTime() - t1) / 1e9;
            long peak = peakHeapBytes() / (1024 * 1024);
            int written = countLetters(settings.outbox());
            check(written == letters, "the print outbox holds " + written + " letters in its batch manifests, not " + letters);
            out.printf(Locale.ROOT, "hub: %,d letters rendered, laid out and written in %d print batches of up to %d on %d "
                    + "threads in %.2f s = %,.0f letters/s%n", letters, batches, settings.batchSize(), threads, hubSeconds,
                    letters / hubSeconds);
            return new Throughput("letters", letters, letters / hubSeconds, letters / baselineSeconds, peak);
        } finally {
            deleteTree(tmp);
        }
    }

    /** Threads each open a session and deliver letters, committing every batch-size, as the dispatcher does. */
    private static int hub(LetterAdapter adapter, List<MessageContext> contexts, int letters, int threads, int batchSize)
            throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicInteger batches = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                work.add(pool.submit(() -> {
                    try (ChannelAdapter.Session session = adapter.open()) {
                        int inBatch = 0;
                        for (int i = next.getAndIncrement(); i < letters; i = next.getAndIncrement()) {
                            session.deliver(contexts.get(i % contexts.size()));
                            if (++inBatch == batchSize) {
                                session.commit();
                                batches.incrementAndGet();
                                inBatch = 0;
                            }
                        }
                        if (inBatch > 0) {
                            session.commit();
                            batches.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        return batches.get();
    }

    /** The same HTML laid out by openhtmltopdf alone, with the hub's builder settings; returns the PDF bytes made. */
    private static long baseline(List<String> html, int letters, int threads) throws Exception {
        AtomicInteger next = new AtomicInteger();
        AtomicLong bytes = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                work.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < letters; i = next.getAndIncrement()) {
                        ByteArrayOutputStream pdf = new ByteArrayOutputStream(64 * 1024);
                        try (PdfBoxRenderer r = LetterRenderer.pdfBuilder(html.get(i % html.size())).buildPdfRenderer()) {
                            r.layout();
                            try (PDDocument doc = r.createPDFKeepOpen()) {
                                doc.save(pdf);
                            }
                        }
                        bytes.addAndGet(pdf.size());
                    }
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        return bytes.get();
    }

    private static int countLetters(Path outbox) throws Exception {
        int n = 0;
        try (Stream<Path> files = Files.list(outbox)) {
            for (Path csv : files.filter(p -> p.toString().endsWith(".csv")).toList()) {
                check(Files.exists(csv.resolveSibling(csv.getFileName().toString().replace(".csv", ".done"))),
                        csv.getFileName() + " has no .done marker");
                n += Files.readAllLines(csv).size() - 1;
            }
        }
        return n;
    }

    /** Claimed letter messages as the dispatcher reads them: German and US debtors, 1 to 4 invoices each. */
    private static List<MessageContext> contexts() {
        List<MessageContext> out = new ArrayList<>(DISTINCT);
        for (int i = 0; i < DISTINCT; i++) {
            boolean us = i % 3 == 0;
            long id = 1000 + i;
            String address = us ? (100 + i) + " Elm Street Apt " + (i % 9 + 1) + "\nSpringfield IL 627" + (10 + i % 90)
                    : "Gartenstraße " + (i % 120 + 1) + "\n10" + (100 + i % 900) + " Berlin";
            ClaimedMessage m = new ClaimedMessage(id, "bench" + id, 50_000 + i, us ? "USD" : "EUR", 1, "standard",
                    "reminder", 1, "letter", "reminder", id, address, 0, UUID.randomUUID());
            DebtorProfile debtor = new DebtorProfile(50_000 + i, true, us ? "US-IL" : "DE",
                    ZoneId.of(us ? "America/Chicago" : "Europe/Berlin"), null, List.of(), false, false, false, false, null,
                    null, null);
            ContactPointProfile cp = new ContactPointProfile(id, Channel.LETTER, address, null, null, null, false, false,
                    null, false, null);
            List<InvoiceLine> invoices = new ArrayList<>();
            for (int k = 0; k <= i % 4; k++) {
                invoices.add(new InvoiceLine(id * 10 + k, "INV-2026-" + (id * 10 + k), us ? "USD" : "EUR",
                        LocalDate.of(2026, 9, 1 + k), LocalDate.of(2026, 10, 1 + k), new BigDecimal("1234.50"),
                        new BigDecimal(100 + i + ".25"), "RF18" + id + k, false));
            }
            out.add(new MessageContext(m, (us ? "Bob Sample " : "Alice Beispiel ") + i, us ? Locale.ENGLISH : Locale.GERMAN,
                    debtor, cp, invoices, List.of(), List.of()));
        }
        return out;
    }

    /** The letter the adapter renders for a context: the baseline's HTML is rendered from it before timing starts. */
    private static Letter letterOf(MessageContext c, LetterSettings settings) {
        List<String> lines = c.contactPoint().address().lines().toList();
        String country = c.debtor().jurisdiction().split("-")[0];
        EnvelopeLayout layout = settings.layoutFor(country);
        return new Letter(c.message().id(), c.message().template(), c.message().stepCode(), c.locale(), layout,
                c.message().debtorId(), new Recipient(c.debtorName(), lines, country), c.message().currency(),
                LocalDate.of(2026, 12, 2), false, c.invoices());
    }
}
