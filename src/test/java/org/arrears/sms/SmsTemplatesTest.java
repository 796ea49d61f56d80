package org.arrears.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.arrears.compliance.Channel;
import org.arrears.config.Settings;
import org.arrears.outreach.Company;
import org.arrears.outreach.InvoiceLine;
import org.arrears.outreach.MessageModel;
import org.arrears.outreach.OptOutLinks;
import org.arrears.outreach.TemplateException;
import org.arrears.outreach.TemplateRenderer;
import org.arrears.policy.DunningPolicy;
import org.arrears.policy.DunningStep;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The SMS template check: the opt-out sentence of each language and the segment limit, naming the file. */
class SmsTemplatesTest {

    static final Path TEMPLATES = Path.of("templates");
    static final MessageModel MODEL = new MessageModel(new Company("Acme Supplies Ltd", "1 Harbour Street, Bristol",
            "receivables@acme.example", "+44 117 496 0000", "https://acme.example", "https://pay.acme.example/?ref={reference}"),
            new OptOutLinks("test-secret-0123456789abcdef", "https://hub.example"));

    @TempDir
    Path tmp;

    private SmsTemplates shipped() {
        return new SmsTemplates(new TemplateRenderer(TEMPLATES), MODEL, SmsTemplates.DEFAULT_OPT_OUT_PHRASES);
    }

    private SmsTemplates in(Path root, Map<String, String> phrases) {
        return new SmsTemplates(new TemplateRenderer(root), MODEL, phrases);
    }

    private Path write(String relative, String content) throws IOException {
        Path f = tmp.resolve(relative);
        Files.createDirectories(f.getParent());
        Files.writeString(f, content);
        return f;
    }

    @Test
    void theShippedReminderPassesTheCheckWithTheDefaultMaximumOfTwoSegments() {
        assertThatCode(() -> shipped().validate("reminder", "reminder", SmsTemplates.DEFAULT_MAX_SEGMENTS)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"en", "de", "fr", "es"})
    void theShippedReminderIsGsm7InItsLanguageWithItsOptOutSentence(String language) {
        Locale locale = Locale.forLanguageTag(language);
        String text = shipped().render("reminder", locale, MODEL.sample("reminder", locale)).text();
        assertThat(text).contains(SmsTemplates.DEFAULT_OPT_OUT_PHRASES.get(language)).startsWith("Acme Supplies Ltd");
        SmsEncoding.Count count = SmsEncoding.count(text);
        assertThat(count.encoding()).as(text).isEqualTo(SmsEncoding.Encoding.GSM_7);
        assertThat(count.segments()).as(text).isLessThanOrEqualTo(2);
        assertThat(text).as("rendered without the whitespace around it").isEqualTo(text.strip()).doesNotContain("\n");
    }

    @Test
    void noBreakSpacesInGermanAndFrenchAmountsBecomePlainSpaces() {
        Locale fr = Locale.FRENCH;
        Map<String, Object> sample = MODEL.model("tok", "reminder", 4711, "Jeanne", fr, "EUR",
                List.of(new InvoiceLine(1, "INV-1", "EUR", LocalDate.of(2026, 1, 1), LocalDate.of(2026, 2, 1),
                        new BigDecimal("12345.60"), new BigDecimal("12345.60"), "RF18539007547034", false)),
                LocalDate.of(2026, 3, 1), true);
        String text = shipped().render("reminder", fr, sample).text();
        assertThat(text).contains("12 345,60 €").doesNotContain("\u00A0").doesNotContain("\u202F");
        assertThat(SmsEncoding.encodingOf(text)).isEqualTo(SmsEncoding.Encoding.GSM_7);
    }

    @Test
    void aTextWithoutTheOptOutSentenceFailsNamingTheFile() throws IOException {
        Path f = write("sms/bare/text.ftl", "${company.name}: please pay ${total}.");
        assertThatThrownBy(() -> in(tmp, SmsTemplates.DEFAULT_OPT_OUT_PHRASES).validate("bare", "reminder", 2))
                .isInstanceOf(TemplateException.class)
                .hasMessage(f + " (locale default): the opt-out sentence \"Reply STOP to opt out\" is missing");
    }

    @Test
    void aLanguageVariantMustCarryTheSentenceOfItsOwnLanguage() throws IOException {
        write("sms/mixed/text.ftl", "Please pay ${total}. Reply STOP to opt out.");
        Path de = write("sms/mixed/text_de.ftl", "Bitte zahlen Sie ${total}. Reply STOP to opt out.");
        assertThatThrownBy(() -> in(tmp, SmsTemplates.DEFAULT_OPT_OUT_PHRASES).validate("mixed", "reminder", 2))
                .isInstanceOf(TemplateException.class)
                .hasMessage(de + " (locale de): the opt-out sentence \"Antworten Sie STOP zum Abmelden\" is missing");
    }

    @Test
    void theSentenceIsFoundInAnyCaseAndAcrossALineBreak() throws IOException {
        write("sms/wrapped/text.ftl", "Please pay ${total}.\nreply stop to\nopt out");
        assertThatCode(() -> in(tmp, SmsTemplates.DEFAULT_OPT_OUT_PHRASES).validate("wrapped", "reminder", 2)).doesNotThrowAnyException();
    }

    @Test
    void aTextLongerThanTheStepsMaximumFailsWithItsSegmentCount() throws IOException {
        Path f = write("sms/long/text.ftl", "x".repeat(300) + " Reply STOP to opt out.");
        SmsTemplates templates = in(tmp, SmsTemplates.DEFAULT_OPT_OUT_PHRASES);
        assertThatThrownBy(() -> templates.validate("long", "final-notice", 2))
                .isInstanceOf(TemplateException.class)
                .hasMessage(f + " (locale default): 3 segments (323 GSM-7 septets) with sample data, more than the 2 step 'final-notice' allows");
        assertThatCode(() -> templates.validate("long", "final-notice", 3)).doesNotThrowAnyException();
    }

    @Test
    void aUcs2TextNamesTheCharacterThatForcedIt() throws IOException {
        write("sms/fr/text.ftl", "Vous êtes en retard de paiement pour ${total}, merci de régler rapidement. Reply STOP to opt out.");
        assertThatThrownBy(() -> in(tmp, SmsTemplates.DEFAULT_OPT_OUT_PHRASES).validate("fr", "reminder", 1))
                .hasMessageContaining("2 segments (")
                .hasMessageContaining("UCS-2 units, because 'ê' is not in GSM-7) with sample data, more than the 1 step 'reminder' allows");
    }

    @Test
    void aTextThatRendersEmptyFails() throws IOException {
        Path f = write("sms/empty/text.ftl", "<#-- nothing -->\n  \n");
        assertThatThrownBy(() -> in(tmp, SmsTemplates.DEFAULT_OPT_OUT_PHRASES).validate("empty", "reminder", 2))
                .hasMessage(f + " (locale default): the text renders empty");
    }

    @Test
    void theRequiredPhraseIsConfigurablePerLanguage() throws IOException {
        write("sms/custom/text.ftl", "Pay ${total}. Text STOP to end these messages.");
        write("sms/custom/text_de.ftl", "Zahlen Sie ${total}. Mit STOP abbestellen.");
        Map<String, String> settings = Map.of(
                "arrears.sms.opt-out-phrase.default", "Text STOP to end these messages",
                "arrears.sms.opt-out-phrase.de", "Mit STOP abbestellen");
        Map<String, String> phrases = SmsTemplates.optOutPhrases(Settings.of(settings::get, settings::keySet, "test.properties"));
        assertThat(phrases).containsEntry("fr", SmsTemplates.DEFAULT_OPT_OUT_PHRASES.get("fr"));
        assertThatCode(() -> in(tmp, phrases).validate("custom", "reminder", 2)).doesNotThrowAnyException();
        assertThatThrownBy(() -> in(tmp, SmsTemplates.DEFAULT_OPT_OUT_PHRASES).validate("custom", "reminder", 2))
                .hasMessageContaining("\"Reply STOP to opt out\" is missing")
                .hasMessageContaining("\"Antworten Sie STOP zum Abmelden\" is missing");
    }

    @Test
    void aBlankPhraseSettingKeepsTheDefaultAndAMisnamedOneFailsNamingTheFileAndSetting() {
        Map<String, String> blank = Map.of("arrears.sms.opt-out-phrase.de", " ");
        assertThat(SmsTemplates.optOutPhrases(Settings.of(blank::get, blank::keySet, "app.properties")))
                .containsEntry("de", "Antworten Sie STOP zum Abmelden");
        Map<String, String> misnamed = Map.of("arrears.sms.opt-out-phrase.german!", "Mit STOP abbestellen");
        assertThatThrownBy(() -> SmsTemplates.optOutPhrases(Settings.of(misnamed::get, misnamed::keySet, "app.properties")))
                .hasMessage("app.properties: arrears.sms.opt-out-phrase.german!: 'german!' is not a language tag such as de or fr-CA");
    }

    @Test
    void aRegionalVariantFallsBackToItsLanguagesPhrase() throws IOException {
        write("sms/ch/text.ftl", "Pay ${total}. Reply STOP to opt out.");
        write("sms/ch/text_de_CH.ftl", "Zahlen Sie ${total}. Antworten Sie STOP zum Abmelden.");
        assertThatCode(() -> in(tmp, SmsTemplates.DEFAULT_OPT_OUT_PHRASES).validate("ch", "reminder", 2)).doesNotThrowAnyException();
    }

    @Test
    void aPolicyStepThatMayGoBySmsNeedsItsTemplateAndEmailOnlyStepsAreNotChecked() throws IOException {
        write("sms/reminder/text.ftl", "Pay ${total}. Reply STOP to opt out.");
        Path policyFile = tmp.resolve("policies/standard.yaml");
        DunningStep emailOnly = new DunningStep(0, "courtesy", -3, List.of(Channel.EMAIL), false, "courtesy", null, false, null, null, 7);
        DunningStep sms = new DunningStep(1, "reminder", 7, List.of(Channel.EMAIL, Channel.SMS), false, "reminder", null, false, null, null, 11);
        DunningStep missing = new DunningStep(2, "firm", 21, List.of(Channel.SMS), false, "firm", null, false, null, null, 15);
        SmsTemplates templates = in(tmp, SmsTemplates.DEFAULT_OPT_OUT_PHRASES);
        assertThatCode(() -> templates.validate(List.of(policy(policyFile, emailOnly, sms)), 2)).doesNotThrowAnyException();
        assertThatThrownBy(() -> templates.validate(List.of(policy(policyFile, emailOnly, sms, missing)), 2))
                .isInstanceOf(TemplateException.class)
                .hasMessage(policyFile + ":15: step 'firm' may go by SMS but " + tmp.resolve("sms/firm/text.ftl") + " does not exist");
    }

    @Test
    void aMaximumBelowOneSegmentIsRefused() {
        assertThatThrownBy(() -> shipped().validate("reminder", "reminder", 0))
                .hasMessage("SMS max-segments of step 'reminder': must be at least 1, got 0");
    }

    private static DunningPolicy policy(Path source, DunningStep... steps) {
        return new DunningPolicy("standard", "1", source, "", 0, null, Map.of(), BigDecimal.ZERO, 7,
                DunningPolicy.CatchUp.FIRST_STEP, List.of(steps));
    }
}
