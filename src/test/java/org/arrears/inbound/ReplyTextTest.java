package org.arrears.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import org.arrears.config.ConfigException;
import org.arrears.config.Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ReplyTextTest {

    private final ReplyText replies = new ReplyText();

    private String stripped(String body) {
        return replies.strip(body).text();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "On Tue, Dec 1, 2026 at 9:00 AM Billing <billing@example.com> wrote:",
            "On 1 Dec 2026, at 09:00, Billing <billing@example.com> wrote:",
            "Am 01.12.2026 um 09:00 schrieb Billing <billing@example.com>:",
            "Am Di., 1. Dez. 2026 um 09:00 Uhr schrieb Billing <billing@example.com>:",
            "Le mar. 1 déc. 2026 à 09:00, Billing <billing@example.com> a écrit :",
            "El mar, 1 dic 2026 a las 9:00, Billing (<billing@example.com>) escribió:",
            "Op di 1 dec. 2026 om 09:00 schreef Billing <billing@example.com>:",
            "2026-12-01 9:00 GMT+01:00 Billing <billing@example.com>:",
            "--- On Tue, 12/1/26, Billing <billing@example.com> wrote:",
            "01.12.2026, в 09:00, Billing написал(а):"})
    void aQuoteHeaderInEachLanguageEndsTheNewText(String header) {
        String body = "I paid last week.\n\n" + header + "\n> Dear customer, invoice 4711 is overdue.\n> Billing\n";

        assertThat(stripped(body)).isEqualTo("I paid last week.");
    }

    @Test
    void aQuoteHeaderWrappedOverTwoLinesIsFound() {
        String body = "I paid last week.\n\nOn Tue, Dec 1, 2026 at 9:00 AM Billing\n<billing@example.com> wrote:\n\n> Dear customer\n";

        assertThat(replies.strip(body)).extracting(ReplyText.Reply::text, ReplyText.Reply::cutAt)
                .containsExactly("I paid last week.", "quote header");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"-----Original Message-----", "----- Original Message -----", "-----Ursprüngliche Nachricht-----",
            "-----Message d'origine-----", "-----Mensaje original-----", "-----Oorspronkelijk bericht-----",
            "________________________________"})
    void outlooksSeparatorsEndTheNewText(String separator) {
        String body = "This is not my invoice.\n\n" + separator + "\nFrom: Billing\nSubject: Invoice 4711\n\nDear customer";

        assertThat(stripped(body)).isEqualTo("This is not my invoice.");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"From: Billing [mailto:billing@example.com]\nSent: Tuesday, December 1, 2026 9:00 AM\nTo: Debtor",
            "Von: Billing <billing@example.com>\nGesendet: Dienstag, 1. Dezember 2026 09:00\nAn: Schuldner",
            "De : Billing <billing@example.com>\nEnvoyé : mardi 1 décembre 2026 09:00\nÀ : Débiteur",
            "De: Billing <billing@example.com>\nEnviado: martes, 1 de diciembre de 2026 9:00\nPara: Deudor",
            "Van: Billing <billing@example.com>\nVerzonden: dinsdag 1 december 2026 09:00\nAan: Debiteur",
            "*From:* Billing <billing@example.com>\n*Sent:* Tuesday, December 1, 2026 9:00 AM"})
    void anOutlookHeaderBlockEndsTheNewText(String block) {
        String body = "I can pay 200 on the 15th.\n\n" + block + "\nSubject: Invoice 4711\n\nDear customer, ...";

        assertThat(stripped(body)).isEqualTo("I can pay 200 on the 15th.");
    }

    @Test
    void aFromLineInTheReplyItselfIsNotAHeaderBlock() {
        String body = "From: my accountant's point of view the invoice is wrong.\nPlease check it.";

        assertThat(stripped(body)).isEqualTo(body);
    }

    @Test
    void aLineEndingInAColonWithoutADigitOrAddressBeforeQuotedLinesStaysInTheReply() {
        assertThat(stripped("You wrote this to me:\n> invoice 4711")).isEqualTo("You wrote this to me:");
    }

    @Test
    void quotedLinesWithoutAHeaderEndTheNewText() {
        assertThat(stripped("Stop writing to me.\n> Dear customer\n> invoice 4711")).isEqualTo("Stop writing to me.");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"Sent from my iPhone", "Sent from my Galaxy", "Get Outlook for Android", "Von meinem iPhone gesendet",
            "Envoyé de mon iPhone", "Enviado desde mi iPhone", "Verzonden vanaf mijn iPhone"})
    void aDeviceSignatureIsSplitOff(String signature) {
        ReplyText.Reply reply = replies.strip("I paid last week.\n\n" + signature + "\n\nOn Tue, Dec 1, 2026, Billing wrote:\n> Hi");

        assertThat(reply.text()).isEqualTo("I paid last week.");
        assertThat(reply.signature()).isEqualTo(signature);
        assertThat(reply.withSignature()).isEqualTo("I paid last week.\n\n" + signature);
    }

    @Test
    void aDashDashSpaceDelimiterStartsTheSignature() {
        ReplyText.Reply reply = replies.strip("I paid last week.\n-- \nJane Doe\nACME Ltd\n+44 20 7946 0000");

        assertThat(reply.text()).isEqualTo("I paid last week.");
        assertThat(reply.signature()).startsWith("--").contains("Jane Doe");
    }

    @Test
    void crAndCrlfLineEndsAreStrippedLikeLf() {
        String body = "I paid last week.\n\nOn Tue, Dec 1, 2026 at 9:00 AM Billing <billing@example.com> wrote:\n> Hi\n";

        assertThat(stripped(body.replace("\n", "\r\n"))).isEqualTo("I paid last week.");
        assertThat(stripped(body.replace("\n", "\r"))).isEqualTo("I paid last week.");
    }

    @Test
    void aReplyThatOnlyQuotesIsEmpty() {
        assertThat(replies.strip("> Dear customer\n> invoice 4711").isEmpty()).isTrue();
    }

    @Test
    void anHtmlOnlyReplyIsConvertedAndItsBlockquoteStripped() throws Exception {
        String mail = "From: debtor@example.org\nSubject: Re: Invoice\nMIME-Version: 1.0\nContent-Type: text/html; charset=UTF-8\n\n"
                + "<html><head><style>p{color:red}</style><script>alert(1)</script></head><body>"
                + "<div>Ce n&#39;est pas ma facture.</div><div><br></div><div>Merci,<br>Jean</div>"
                + "<div class=\"gmail_quote\">Le mar. 1 déc. 2026 à 09:00, Billing &lt;billing@example.com&gt; a écrit :<br>"
                + "<blockquote><p>Madame, Monsieur,</p><p>facture 4711</p></blockquote></div><img src=\"http://tracker.example/x.gif\">"
                + "</body></html>";

        ReplyText.Reply reply = replies.of(MailFixtures.message(mail));

        assertThat(reply.text()).isEqualTo("Ce n'est pas ma facture.\n\nMerci,\nJean");
    }

    @Test
    void aMultipartReplyIsReadFromItsPlainTextPart() throws Exception {
        String mail = "From: debtor@example.org\nSubject: Re: Invoice\nMIME-Version: 1.0\n"
                + "Content-Type: multipart/alternative; boundary=\"b\"\n\n--b\nContent-Type: text/plain; charset=ISO-8859-1\n"
                + "Content-Transfer-Encoding: quoted-printable\n\nIch habe bereits gezahlt. Gr=FC=DFe\n\nAm 01.12.2026 um 09:00 schrieb B=\nilling <b@example.com>:\n> Hallo\n"
                + "--b\nContent-Type: text/html\n\n<p>HTML</p>\n--b--\n";

        assertThat(replies.of(MailFixtures.message(mail, "\n")).text()).isEqualTo("Ich habe bereits gezahlt. Grüße");
    }

    @Test
    void htmlEntitiesAndWhitespaceAreDecodedAndCollapsed() {
        assertThat(HtmlText.toText("<p>150&nbsp;&euro;   am\n 3.12.</p><p>&lt;ok&gt; &amp; &#x41;</p>", 10_000))
                .isEqualTo("150 € am 3.12.\n\n<ok> & A");
    }

    @Test
    void aTooSmallCharacterLimitFailsNamingTheSetting() {
        Settings settings = Settings.of(Map.of(ReplyText.MAX_CHARS, "12")::get, Set::of, "test.properties");

        assertThatThrownBy(() -> ReplyText.from(settings)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("test.properties").hasMessageContaining(ReplyText.MAX_CHARS);
    }

    @Test
    void anOutlookHeaderFollowedByAHugeLineOfBlanksIsReadWithoutBacktracking() {
        // found by the fuzzer: "\\s*\\*?\\s*" tried every split of a long run of blanks (minutes at 900 KB)
        String body = "Thanks, paid.\nFrom: Acme <ar@acme.example>\n" + " ".repeat(900_000) + "\nSent: Monday\n";
        ReplyText.Reply r = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(java.time.Duration.ofSeconds(10),
                () -> ReplyText.from(org.arrears.config.Settings.of(k -> null, java.util.Set::of, "test")).strip(body));
        assertThat(r.text()).startsWith("Thanks, paid.");
    }
}
