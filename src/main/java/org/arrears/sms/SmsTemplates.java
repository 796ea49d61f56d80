package org.arrears.sms;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.arrears.compliance.Channel;
import org.arrears.config.Settings;
import org.arrears.outreach.MessageModel;
import org.arrears.outreach.RenderedMessage;
import org.arrears.outreach.TemplateException;
import org.arrears.outreach.TemplateRenderer;
import org.arrears.policy.DunningPolicy;
import org.arrears.policy.DunningStep;

/**
 * SMS templates, {@code templates/sms/<template>/text.ftl} with a variant per language ({@code text_de.ftl}), rendered
 * by the shared {@link TemplateRenderer} and checked at startup with sample data in every locale, as the email
 * templates are:
 * <ul>
 *   <li>the text carries the opt-out sentence of its language (R5), for example "Reply STOP to opt out": the
 *       phrase required is looked up by the language of the template file that rendered (text_de.ftl: de; text.ftl:
 *       the default), with {@code de-AT → de → default} fallback;</li>
 *   <li>it fits the step's maximum number of segments ({@link SmsEncoding}).</li>
 * </ul>
 * The sample data are the email check's, so a real debtor's longer name or amount may need one segment more than
 * the check found: whoever sends a text counts its segments again.
 */
public final class SmsTemplates {

    /** A step's maximum number of segments when it sets none. */
    public static final int DEFAULT_MAX_SEGMENTS = 2;

    /** Settings that replace or add a language's required opt-out phrase: {@code arrears.sms.opt-out-phrase.de=…}. */
    public static final String PHRASE_PREFIX = "arrears.sms.opt-out-phrase.";

    /** The shipped templates' phrases; the key "" is the default template file's (English). */
    public static final Map<String, String> DEFAULT_OPT_OUT_PHRASES = Map.of(
            "", "Reply STOP to opt out",
            "en", "Reply STOP to opt out",
            "de", "Antworten Sie STOP zum Abmelden",
            "fr", "Répondez STOP pour vous désabonner",
            "es", "Responda STOP para darse de baja");

    private static final String CHANNEL = "sms";
    private static final java.util.regex.Pattern NO_BREAK_SPACE = java.util.regex.Pattern.compile("[\\u00A0\\u2007\\u202F]");

    private final TemplateRenderer renderer;
    private final MessageModel model;
    private final Map<String, String> phrases;

    /** @param optOutPhrases language tag (or "" for the default template file) → the sentence its texts must carry */
    public SmsTemplates(TemplateRenderer renderer, MessageModel model, Map<String, String> optOutPhrases) {
        this.renderer = renderer;
        this.model = model;
        Map<String, String> p = new HashMap<>();
        optOutPhrases.forEach((tag, phrase) -> p.put(tag.toLowerCase(Locale.ROOT).replace('_', '-'), phrase));
        if (!p.containsKey("")) {
            throw new IllegalArgumentException("SMS opt-out phrases: none for the default template file (key \"\")");
        }
        this.phrases = Map.copyOf(p);
    }

    /** The renderer the texts are rendered with (its template root, for messages naming a missing file). */
    public TemplateRenderer renderer() {
        return renderer;
    }

    /**
     * The default phrases with the settings' {@code arrears.sms.opt-out-phrase.<language>} over them
     * ({@code arrears.sms.opt-out-phrase.default} for the default template file); a blank setting keeps the default.
     */
    public static Map<String, String> optOutPhrases(Settings settings) {
        Map<String, String> out = new HashMap<>(DEFAULT_OPT_OUT_PHRASES);
        Properties given = settings.withPrefix(PHRASE_PREFIX);
        for (String key : given.stringPropertyNames()) {
            String tag = key.substring(PHRASE_PREFIX.length());
            String phrase = given.getProperty(key).strip();
            if (!"default".equals(tag) && !tag.matches("[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*")) {
                throw new IllegalArgumentException(settings.origin() + ": " + key + ": '" + tag + "' is not a language tag such as de or fr-CA");
            }
            out.put("default".equals(tag) ? "" : tag, phrase);
        }
        return out;
    }

    /**
     * Renders a text in the locale, without the whitespace around it (it would count against the segments), and with
     * no-break spaces as plain spaces: German, French and Spanish number formats put them around amounts, and
     * GSM-7 has none, so one would turn the whole text into UCS-2 and halve its room.
     */
    public RenderedMessage render(String template, Locale locale, Map<String, Object> data) {
        RenderedMessage r = renderer.renderText(CHANNEL, template, locale, data);
        return new RenderedMessage(null, NO_BREAK_SPACE.matcher(r.text()).replaceAll(" ").strip(), null, r.templateVersion());
    }

    /**
     * Checks the template of every step that may go by SMS. The policy model has no per-step segment setting yet,
     * so the maximum is one value for all steps.
     */
    public void validate(List<DunningPolicy> policies, int maxSegments) {
        for (DunningPolicy p : policies) {
            for (DunningStep s : p.steps()) {
                if (!s.channels().contains(Channel.SMS)) {
                    continue;
                }
                if (!renderer.exists(CHANNEL, s.template(), "text.ftl")) {
                    throw new TemplateException(p.source() + ":" + s.line() + ": step '" + s.code() + "' may go by SMS but "
                            + folder(s.template()).resolve("text.ftl") + " does not exist");
                }
                validate(s.template(), s.code(), maxSegments);
            }
        }
    }

    /**
     * Renders the template for the step in every locale it has a variant for, and throws one
     * {@link TemplateException} listing each {@code file: problem}.
     */
    public void validate(String template, String step, int maxSegments) {
        if (maxSegments < 1) {
            throw new IllegalArgumentException("SMS max-segments of step '" + step + "': must be at least 1, got " + maxSegments);
        }
        Set<String> problems = new LinkedHashSet<>();
        for (Locale locale : renderer.locales(CHANNEL, template)) {
            Path file = renderer.source(CHANNEL + "/" + template + "/text.ftl", locale);
            String text = render(template, locale, model.sample(step, locale)).text();
            String where = file + " (locale " + (locale.equals(Locale.ROOT) ? "default" : locale.toLanguageTag()) + ")";
            if (text.isEmpty()) {
                problems.add(where + ": the text renders empty");
                continue;
            }
            String phrase = phraseFor(file);
            if (!normalised(text).contains(normalised(phrase))) {
                problems.add(where + ": the opt-out sentence \"" + phrase + "\" is missing");
            }
            SmsEncoding.Count c = SmsEncoding.count(text);
            if (c.segments() > maxSegments) {
                problems.add(where + ": " + c.segments() + " segments (" + c.units() + " "
                        + (c.encoding() == SmsEncoding.Encoding.GSM_7 ? "GSM-7 septets" : "UCS-2 units" + ucs2Cause(text))
                        + ") with sample data, more than the " + maxSegments + " step '" + step + "' allows");
            }
        }
        if (!problems.isEmpty()) {
            throw new TemplateException(String.join("; ", problems));
        }
    }

    private Path folder(String template) {
        return renderer.root().resolve(CHANNEL).resolve(template);
    }

    /** The phrase for the language of the file that rendered: text_de_AT.ftl → de-at, de, default. */
    private String phraseFor(Path file) {
        String name = file.getFileName().toString();
        String tag = name.startsWith("text_") ? name.substring(5, name.lastIndexOf('.')).toLowerCase(Locale.ROOT).replace('_', '-') : "";
        while (!tag.isEmpty() && !phrases.containsKey(tag)) {
            int cut = tag.lastIndexOf('-');
            tag = cut < 0 ? "" : tag.substring(0, cut);
        }
        return phrases.get(tag);
    }

    private static String ucs2Cause(String text) {
        var first = text.codePoints().filter(c -> SmsEncoding.septets(c) == 0).findFirst();
        return first.isPresent() ? ", because '" + Character.toString(first.getAsInt()) + "' is not in GSM-7" : "";
    }

    private static String normalised(String s) {
        return s.replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    }
}
