package org.arrears.outreach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.arrears.config.Hub;
import org.arrears.config.Settings;
import org.arrears.testing.MutableClock;
import org.arrears.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The project's templates in every language, locale fallback, error reports, the sandbox and escaping. */
class TemplateRendererTest {

    static final Path TEMPLATES = Path.of("templates");
    static final List<String> STEPS = List.of("courtesy", "reminder", "follow-up", "firm", "formal-demand", "final-notice");
    static final Map<String, String> GERMAN_SUBJECTS = Map.of(
            "courtesy", "Bald fällig: ",
            "reminder", "Zahlungserinnerung: ",
            "follow-up", "Zweite Erinnerung: ",
            "firm", "Überfälliges Konto: ",
            "formal-demand", "Mahnung: ",
            "final-notice", "Letzte Mahnung: ");

    private final MessageModel model = new MessageModel(new Company("Acme Supplies Ltd", "1 Harbour Street, Bristol",
            "receivables@acme.example", "+44 117 496 0000", "https://acme.example", "https://pay.acme.example/?ref={reference}"),
            new OptOutLinks("test-secret-0123456789abcdef", "https://hub.example"));

    @TempDir
    Path tmp;

    static Stream<String> steps() {
        return STEPS.stream();
    }

    @Test
    void theTemplateFolderHoldsExactlyTheKnownSteps() throws IOException {
        try (Stream<Path> dirs = Files.list(TEMPLATES.resolve("email"))) {
            assertThat(dirs.map(p -> p.getFileName().toString())).containsExactlyInAnyOrderElementsOf(STEPS);
        }
    }

    @ParameterizedTest
    @MethodSource("steps")
    void everyTemplateRendersInEnglishGermanFrenchAndSpanish(String step) {
        TemplateRenderer renderer = new TemplateRenderer(TEMPLATES);
        Set<String> subjects = new HashSet<>();
        for (String tag : List.of("en", "de", "fr", "es")) {
            Locale locale = Locale.forLanguageTag(tag);
            Map<String, Object> sample = model.sample(step, locale);
            String optOut = (String) sample.get("optOutUrl");

            RenderedMessage r = renderer.renderEmail(step, locale, sample);

            assertThat(r.subject()).as("%s/%s subject", step, tag).isNotBlank().doesNotContain("\n").doesNotContain("${");
            assertThat(r.text()).as("%s/%s text", step, tag).contains(optOut)
                    .contains("INV-2026-000101").contains("INV-2026-000117").contains("RF18539007547034")
                    .contains("Acme Supplies Ltd");
            assertThat(r.html()).as("%s/%s html", step, tag).contains("href=\"" + optOut + "\"")
                    .contains("INV-2026-000101").contains("<html lang=\"" + tag + "\">");
            assertThat(r.templateVersion()).matches("[0-9a-f]{16}");
            subjects.add(r.subject());
        }
        assertThat(subjects).as("four languages, four subjects").hasSize(4);

        RenderedMessage german = renderer.renderEmail(step, Locale.GERMAN, model.sample(step, Locale.GERMAN));
        assertThat(german.subject()).startsWith(GERMAN_SUBJECTS.get(step)).contains("1.299,90");
        assertThat(german.text()).startsWith("Guten Tag Sample Debtor,").contains("Mit freundlichen Grüßen");
        RenderedMessage french = renderer.renderEmail(step, Locale.FRENCH, model.sample(step, Locale.FRENCH));
        assertThat(french.text()).startsWith("Bonjour Sample Debtor,");
        RenderedMessage spanish = renderer.renderEmail(step, Locale.forLanguageTag("es"), model.sample(step, Locale.forLanguageTag("es")));
        assertThat(spanish.text()).startsWith("Estimado/a Sample Debtor:");
    }

    @Test
    void aRegionalLocaleFallsBackToItsLanguageAndAnUnknownLanguageToEnglish() {
        TemplateRenderer renderer = new TemplateRenderer(TEMPLATES);
        Locale austria = Locale.forLanguageTag("de-AT");
        Locale japanese = Locale.forLanguageTag("ja");

        RenderedMessage austrian = renderer.renderEmail("reminder", austria, model.sample("reminder", austria));
        RenderedMessage fallback = renderer.renderEmail("reminder", japanese, model.sample("reminder", japanese));

        assertThat(austrian.subject()).startsWith("Zahlungserinnerung: ");
        assertThat(austrian.text()).startsWith("Guten Tag Sample Debtor,");
        assertThat(fallback.subject()).startsWith("Payment reminder: ");
        assertThat(fallback.text()).startsWith("Dear Sample Debtor,").contains("Kind regards");
    }

    @Test
    void aSyntaxErrorNamesTheFileAndLine() throws IOException {
        Path root = template("broken", "Payment reminder\n<#-- fine so far -->\n<#if >overdue</#if>\n", "text ${optOutUrl}", "html");

        assertThatThrownBy(() -> new TemplateRenderer(root).renderEmail("broken", Locale.ENGLISH, model.sample("broken", Locale.ENGLISH)))
                .isInstanceOf(TemplateException.class)
                .message()
                .startsWith(root.resolve("email/broken/subject.ftl") + ":3:");
    }

    @Test
    void aSyntaxErrorInALocalizedVariantNamesThatVariant() throws IOException {
        Path root = template("broken", "fine", "text ${optOutUrl}", "html");
        Files.writeString(root.resolve("email/broken/text_de.ftl"), "Hallo\n\n${total +}\n");

        assertThatThrownBy(() -> new TemplateRenderer(root).renderEmail("broken", Locale.GERMAN, model.sample("broken", Locale.GERMAN)))
                .isInstanceOf(TemplateException.class)
                .message()
                .startsWith(root.resolve("email/broken/text_de.ftl") + ":3:");
    }

    @Test
    void aSyntaxErrorInASharedLibraryFileNamesThatFileAndLine() throws IOException {
        Path root = copyOfTemplates();
        Path german = root.resolve("lib/i18n_de.ftl");
        List<String> lines = new ArrayList<>(Files.readAllLines(german));
        lines.add(2, "<#assign broken = >");
        Files.write(german, lines);
        TemplateRenderer renderer = new TemplateRenderer(root);

        assertThat(renderer.renderEmail("reminder", Locale.ENGLISH, model.sample("reminder", Locale.ENGLISH)).subject())
                .startsWith("Payment reminder");
        assertThatThrownBy(() -> renderer.renderEmail("reminder", Locale.GERMAN, model.sample("reminder", Locale.GERMAN)))
                .isInstanceOf(TemplateException.class)
                .message()
                .startsWith(root.resolve("lib/i18n_de.ftl") + ":3:");
    }

    @Test
    void aMissingTemplateIsNamed() {
        TemplateRenderer renderer = new TemplateRenderer(TEMPLATES);

        assertThatThrownBy(() -> renderer.renderEmail("no-such-step", Locale.ENGLISH, model.sample("x", Locale.ENGLISH)))
                .isInstanceOf(TemplateException.class)
                .hasMessage(TEMPLATES.resolve("email/no-such-step/subject.ftl") + ": template not found");
    }

    @Test
    void theSandboxRefusesNew() throws IOException {
        Path marker = tmp.resolve("executed");
        Path root = template("evil", "Reminder\n<#assign ex = \"freemarker.template.utility.Execute\"?new()>${ex(\"touch " + marker + "\")}",
                "text", "html");

        assertThatThrownBy(() -> new TemplateRenderer(root).renderEmail("evil", Locale.ENGLISH, model.sample("evil", Locale.ENGLISH)))
                .isInstanceOf(TemplateException.class)
                .message()
                .startsWith(root.resolve("email/evil/subject.ftl") + ":2:")
                .contains("freemarker.template.utility.Execute")
                .contains("not allowed");
        assertThat(marker).doesNotExist();
    }

    @Test
    void theSandboxRefusesApi() throws IOException {
        Path root = template("evil", "Reminder\n${invoices?api.getClass().getName()}", "text", "html");

        assertThatThrownBy(() -> new TemplateRenderer(root).renderEmail("evil", Locale.ENGLISH, model.sample("evil", Locale.ENGLISH)))
                .isInstanceOf(TemplateException.class)
                .message()
                .startsWith(root.resolve("email/evil/subject.ftl") + ":2:")
                .contains("?api");
    }

    @Test
    void theHtmlPartEscapesTheDebtorsName() {
        Map<String, Object> sample = new HashMap<>(model.sample("reminder", Locale.ENGLISH));
        sample.put("debtor", Map.of("name", "<script>alert('x')</script> & Co", "locale", "en", "customerNumber", "4711"));

        RenderedMessage r = new TemplateRenderer(TEMPLATES).renderEmail("reminder", Locale.ENGLISH, sample);

        assertThat(r.html()).contains("Dear &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; Co,")
                .doesNotContain("<script>");
        assertThat(r.text()).startsWith("Dear <script>alert('x')</script> & Co,");
    }

    // ------------------------------------------------------------------ startup validation

    @Test
    void startupFailsWhenAStepsTextLacksTheOptOutLink() throws IOException {
        Path root = copyOfTemplates();
        Path text = root.resolve("email/reminder/text.ftl");
        Files.writeString(text, """
                <#import "/lib/i18n.ftl" as t>${t.greeting}

                ${t.intros["reminder"]}

                ${t.labels.total}: ${total}

                --
                ${company.name}
                """);

        assertThatThrownBy(() -> startHub(Map.of("arrears.templates", root.toString())))
                .isInstanceOf(TemplateException.class)
                .message()
                .contains(text.toString())
                .contains("opt-out");
    }

    @Test
    void startupFailsWhenAStepsHtmlLacksTheOptOutLink() throws IOException {
        Path root = copyOfTemplates();
        Path html = root.resolve("email/firm/html.ftlh");
        Files.writeString(html, "<#import \"/lib/i18n.ftl\" as t><p>${t.greeting}</p><footer>${company.name}</footer>\n");

        assertThatThrownBy(() -> startHub(Map.of("arrears.templates", root.toString())))
                .isInstanceOf(TemplateException.class)
                .message()
                .contains(html.toString())
                .contains("opt-out");
    }

    @Test
    void startupFailsWhenAPolicyNamesAMissingTemplate() throws IOException {
        Path policies = Files.createDirectories(tmp.resolve("policies"));
        Path policy = Files.writeString(policies.resolve("short.yaml"), """
                code: short
                steps:
                  - code: reminder
                    offset: 1
                    channels: [email]
                    template: reminder
                  - code: last-word
                    offset: 9
                    channels: [email]
                    template: last-word
                """);

        assertThatThrownBy(() -> startHub(Map.of("arrears.policies", policies.toString())))
                .isInstanceOf(TemplateException.class)
                .message()
                .startsWith(policy + ":7:")
                .contains("'last-word'")
                .contains(TEMPLATES.resolve("email/last-word/subject.ftl") + " does not exist");
    }

    @Test
    void theProjectsTemplatesPassStartupValidation() {
        try (Hub hub = startHub(Map.of())) {
            assertThat(hub.renderer().root()).isEqualTo(TEMPLATES);
            assertThat(hub.policies()).isNotEmpty();
        }
    }

    // ------------------------------------------------------------------ helpers

    private Hub startHub(Map<String, String> overrides) {
        Map<String, String> all = new HashMap<>();
        all.put("arrears.db.url", TestDatabase.freshUrl());
        all.put("arrears.db.pool-size", "2");
        all.put("arrears.data-dir", tmp.resolve("data").toString());
        all.put("arrears.token-secret", "test-secret-0123456789abcdef");
        all.put("arrears.email.workers", "1");
        all.putAll(overrides);
        return Hub.start(Settings.load(Path.of("config/application.properties")).with(all),
                new MutableClock(Instant.parse("2026-03-16T10:00:00Z")));
    }

    /** A templates folder with one email template of the three parts. */
    private Path template(String name, String subject, String text, String html) throws IOException {
        Path root = tmp.resolve("templates");
        Path dir = Files.createDirectories(root.resolve("email").resolve(name));
        Files.writeString(dir.resolve("subject.ftl"), subject);
        Files.writeString(dir.resolve("text.ftl"), text);
        Files.writeString(dir.resolve("html.ftlh"), html);
        return root;
    }

    private Path copyOfTemplates() throws IOException {
        Path root = tmp.resolve("templates-copy");
        try (Stream<Path> files = Files.walk(TEMPLATES)) {
            for (Path f : files.toList()) {
                Path target = root.resolve(TEMPLATES.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
        return root;
    }
}
