package org.arrears.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class AutoRepliesTest {

    private final AutoReplies autoReplies = new AutoReplies();

    private static String mail(String headers, String body) {
        return "From: Debtor <debtor@example.org>\nTo: billing@example.com\nMessage-ID: <a1@example.org>\n" + headers
                + "MIME-Version: 1.0\nContent-Type: text/plain; charset=UTF-8\n\n" + body + "\n";
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            Auto-Submitted: auto-replied                      | Auto-Submitted
            Auto-Submitted: auto-generated                    | Auto-Submitted
            X-Autoreply: yes                                  | X-Autoreply
            X-Autorespond: Out of office                      | X-Autorespond
            Precedence: auto_reply                            | Precedence
            Precedence: bulk                                  | Precedence
            Precedence: junk                                  | Precedence
            X-MS-Exchange-Inbox-Rules-Loop: debtor@example.org | X-MS-Exchange-Inbox-Rules-Loop
            X-MS-Exchange-Generated-Message-Source: Mailbox Rules Agent | X-MS-Exchange-Generated-Message-Source
            X-Auto-Response-Suppress: OOF                     | X-Auto-Response-Suppress
            X-Apple-Action: VACATION                          | X-Apple-Action
            List-Id: <accounts.example.org>                   | List-Id
            Return-Path: <>                                   | empty envelope sender
            """)
    void aHeaderThatMarksAutomaticMailMakesTheMessageAutomaticWithItAsTheReason(String header, String rule) {
        AutoReplies.Verdict verdict = autoReplies.classify(MailFixtures.message(mail(header + "\nSubject: Re: Invoice 4711\n",
                "I am away until Monday; this is not my debt.")));

        assertThat(verdict.automatic()).isTrue();
        assertThat(verdict.reason()).startsWith(rule);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"Out of Office: Invoice 4711", "Automatic reply: Invoice 4711", "Auto: Invoice 4711",
            "Abwesenheitsnotiz: Ihre Rechnung", "Automatische Antwort: Ihre Rechnung", "Abwesenheit: Ihre Rechnung",
            "Réponse automatique : Votre facture", "Absence : Votre facture", "Absent du bureau",
            "Respuesta automática: Su factura", "Fuera de la oficina", "Afwezig: Uw factuur", "Automatisch antwoord: Uw factuur",
            "=?UTF-8?Q?R=C3=A9ponse_automatique=3A_Votre_facture?="})
    void anAutoReplySubjectInEachLanguageMakesTheMessageAutomatic(String subject) {
        AutoReplies.Verdict verdict = autoReplies.classify(MailFixtures.message(mail("Subject: " + subject + "\n", "Back on Monday.")));

        assertThat(verdict).isEqualTo(new AutoReplies.Verdict(true, "subject"));
    }

    @Test
    void aBodyThatSaysItIsAnAutomaticReplyMakesTheMessageAutomatic() {
        AutoReplies.Verdict verdict = autoReplies.classify(MailFixtures.message(mail("Subject: Re: Invoice 4711\n",
                "Dies ist eine automatische Antwort. Ich bin ab dem 5. Januar wieder erreichbar.")));

        assertThat(verdict).isEqualTo(new AutoReplies.Verdict(true, "body"));
    }

    @Test
    void theReasonShowsAKeywordValueButNeverAnAddress() {
        String loop = mail("X-MS-Exchange-Inbox-Rules-Loop: debtor@example.org\nSubject: Hello\n", "Away.");
        String submitted = mail("Auto-Submitted: auto-replied\nSubject: Hello\n", "Away.");

        assertThat(autoReplies.classify(MailFixtures.message(loop)).reason()).isEqualTo("X-MS-Exchange-Inbox-Rules-Loop");
        assertThat(autoReplies.classify(MailFixtures.message(submitted)).reason()).isEqualTo("Auto-Submitted: auto-replied");
    }

    @Test
    void autoSubmittedNoIsAHumanMessage() {
        AutoReplies.Verdict verdict = autoReplies.classify(MailFixtures.message(mail("Auto-Submitted: no\nSubject: Re: Invoice 4711\n",
                "I dispute this.")));

        assertThat(verdict.automatic()).isFalse();
        assertThat(verdict.reason()).isNull();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"Re: Invoice 4711", "AW: Ihre Rechnung", "RE: Absence of payment: I paid", "Re: Votre facture",
            "Precedence question"})
    void aHumanReplyIsNotAutomatic(String subject) {
        assertThat(autoReplies.classify(MailFixtures.message(mail("Precedence: normal\nSubject: " + subject + "\n",
                "I paid last week."))).automatic()).isFalse();
    }

    @Test
    void lfAndCrLineEndsAreReadLikeCrlf() {
        String text = mail("Auto-Submitted: auto-replied\nSubject: Hello\n", "Away.");

        assertThat(autoReplies.classify(MailFixtures.message(text, "\n")).automatic()).isTrue();
        assertThat(autoReplies.classify(MailFixtures.message(text, "\r")).automatic()).isTrue();
    }
}
