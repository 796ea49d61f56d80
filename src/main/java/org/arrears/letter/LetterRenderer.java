package org.arrears.letter;

import com.openhtmltopdf.outputdevice.helper.BaseRendererBuilder.FontStyle;
import com.openhtmltopdf.outputdevice.helper.ExternalResourceControlPriority;
import com.openhtmltopdf.pdfboxout.PdfBoxRenderer;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder;
import com.openhtmltopdf.pdfboxout.PdfRendererBuilder.PdfAConformance;
import java.awt.color.ColorSpace;
import java.awt.color.ICC_Profile;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.arrears.config.ConfigException;
import org.arrears.outreach.Company;
import org.arrears.outreach.InvoiceLine;
import org.arrears.outreach.MessageModel;
import org.arrears.outreach.TemplateException;
import org.arrears.outreach.TemplateRenderer;

/**
 * Renders a letter: the FreeMarker template {@code templates/letter/<template>/letter.ftlh} (XHTML, rendered with
 * the project's sandboxed configuration) turned into a PDF/A-2b document by openhtmltopdf, with DejaVu Sans
 * embedded and the JDK's sRGB output intent. The template sees the email's model and texts (lib/i18n*.ftl) plus
 * the envelope window's geometry, the recipient and the return line. The renderer loads no external resource (images, style sheets, fonts by URL).
 *
 * <p>Thread-safe: every render builds its own openhtmltopdf renderer; the font bytes and colour profile are read once.
 */
public final class LetterRenderer {

    static final String FONT_FAMILY = "DejaVu Sans";
    /** The top page margin: the letterhead fills the space between it and the envelope window. */
    private static final double PAGE_TOP_MM = 12;
    private static final byte[] REGULAR = resource("/letter/fonts/DejaVuSans.ttf");
    private static final byte[] BOLD = resource("/letter/fonts/DejaVuSans-Bold.ttf");
    private static final byte[] SRGB = ICC_Profile.getInstance(ColorSpace.CS_sRGB).getData();
    /** Words that name debt collection: R14 forbids them in the name shown on the envelope or through its window. */
    private static final Pattern COLLECTION_WORDS = Pattern.compile(
            "(?iu)collect|debt|inkasso|forderung|recouvrement|cobranza|cobro|recobro");

    private final TemplateRenderer templates;
    private final MessageModel messages;
    private final String returnLine;

    /**
     * A renderer whose return line is the creditor's name and postal address.
     *
     * @param messages the email's model builder, whose company the letterhead and return line show
     * @throws ConfigException when the creditor's name, printed on the return line, names debt collection (R14)
     */
    public LetterRenderer(TemplateRenderer templates, MessageModel messages) {
        this(templates, messages, messages.company().name(), messages.company().postalAddress());
        Company company = messages.company();
        if (COLLECTION_WORDS.matcher(company.name()).find()) {
            throw new ConfigException("setting 'arrears.company.name': '" + company.name() + "' is printed on letters'"
                    + " return line, which shows through the envelope window, and must not indicate debt collection"
                    + " (COMPLIANCE R14)");
        }
    }

    /**
     * A renderer whose return line is the letter channel's configured return name and address, which
     * {@link LetterSettings#from} has checked against its R14 word list.
     */
    public LetterRenderer(TemplateRenderer templates, MessageModel messages, LetterSettings settings) {
        this(templates, messages, settings.returnName(), settings.returnAddress());
    }

    private LetterRenderer(TemplateRenderer templates, MessageModel messages, String returnName, String returnAddress) {
        this.templates = templates;
        this.messages = messages;
        this.returnLine = returnAddress == null || returnAddress.isBlank() ? returnName
                : returnName + " · " + returnAddress.strip().replaceAll("\\s*\\n\\s*", ", ");
        PdfLog.install();
    }

    /** The template file a letter uses. */
    public static String templateName(String template) {
        return "letter/" + template + "/letter.ftlh";
    }

    public String templateVersion(String template, Locale locale) {
        return templates.versionOf(templateName(template), locale);
    }

    /** Renders the letter to PDF/A-2b; a template or layout problem throws naming the template and the letter. */
    public RenderedLetter render(Letter letter) {
        String html = html(letter);
        PdfRendererBuilder builder = pdfBuilder(html);
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
        int pages;
        try (PdfBoxRenderer renderer = builder.buildPdfRenderer()) {
            renderer.layout();
            try (PDDocument doc = renderer.createPDFKeepOpen()) {
                pages = doc.getNumberOfPages();
                doc.save(out);
            }
        } catch (IOException | RuntimeException e) {
            throw new TemplateException(templates.root().resolve(templateName(letter.template())) + ": letter "
                    + letter.communicationId() + " cannot be laid out as PDF: " + e.getMessage(), e);
        }
        return new RenderedLetter(letter.communicationId(), out.toByteArray(), pages,
                templateVersion(letter.template(), letter.locale()));
    }

    /**
     * openhtmltopdf set up as every letter is laid out: PDF/A-2b with the sRGB output intent, DejaVu Sans embedded,
     * no external resource. The letter benchmark's baseline lays out the same HTML with it.
     */
    public static PdfRendererBuilder pdfBuilder(String html) {
        return new PdfRendererBuilder()
                .useFastMode()
                .usePdfAConformance(PdfAConformance.PDFA_2_B)
                .useColorProfile(SRGB)
                .useFont(() -> new ByteArrayInputStream(REGULAR), FONT_FAMILY, 400, FontStyle.NORMAL, true)
                .useFont(() -> new ByteArrayInputStream(BOLD), FONT_FAMILY, 700, FontStyle.NORMAL, true)
                .useExternalResourceAccessControl((uri, type) -> false, ExternalResourceControlPriority.RUN_BEFORE_RESOLVING_URI)
                .useExternalResourceAccessControl((uri, type) -> false, ExternalResourceControlPriority.RUN_AFTER_RESOLVING_URI)
                .withProducer("Arrears")
                .withHtmlContent(html, null);
    }

    /** The letter's XHTML, as the template renders it, before layout (the letter benchmark's baseline lays it out alone). */
    public String html(Letter letter) {
        return templates.renderFile(templateName(letter.template()), letter.locale(), model(letter));
    }

    /**
     * The email's model ({@link MessageModel}: company, debtor, invoices, totals, pay-by date, collector
     * disclosures, all formatted in the letter's locale), plus the window's geometry, the recipient, the return
     * line, the letter's reference and the embedded font's family.
     */
    Map<String, Object> model(Letter letter) {
        EnvelopeLayout l = letter.layout();
        Map<String, Object> window = new HashMap<>();
        window.put("page", l.cssPageSize());
        window.put("left", mm(l.leftMm()));
        window.put("top", mm(l.topMm()));
        window.put("width", mm(l.widthMm()));
        window.put("height", mm(l.heightMm()));
        window.put("returnLine", mm(l.returnLineMm()));
        window.put("hasReturnLine", l.hasReturnLine());
        window.put("pageTop", mm(PAGE_TOP_MM));
        window.put("headerHeight", mm(l.topMm() - PAGE_TOP_MM));
        window.put("rightMargin", mm(Math.max(15, l.pageWidthMm() - l.leftMm() - 175)));

        Map<String, Object> recipient = new HashMap<>();
        recipient.put("name", letter.recipient().name());
        recipient.put("lines", letter.recipient().addressLines());

        Map<String, Object> model = new HashMap<>(messages.model("", letter.step(), letter.debtorId(),
                letter.recipient().name(), letter.locale(), letter.currency(),
                letter.invoices().stream().filter(InvoiceLine::payable).toList(), letter.date(), letter.initial()));
        model.remove("optOutUrl");
        model.put("window", window);
        model.put("recipient", recipient);
        model.put("returnLine", returnLine);
        model.put("communicationId", Long.toString(letter.communicationId()));
        model.put("font", FONT_FAMILY);
        return model;
    }

    private static String mm(double value) {
        return String.format(Locale.ROOT, "%.3fmm", value);
    }

    private static byte[] resource(String name) {
        try (InputStream in = LetterRenderer.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("classpath resource " + name + " is missing from the build");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("classpath resource " + name + ": " + e.getMessage(), e);
        }
    }
}
