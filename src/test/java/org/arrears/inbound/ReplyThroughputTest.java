package org.arrears.inbound;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * One message at a time through what a reply costs: parse the MIME bytes, the automatic-reply rules, the reply
 * text and, for a human reply, the intents. Prints the rate; the assertion is a floor far below the target (the
 * suite shares two cores with other builds), so that a rule that makes matching pathological fails here.
 */
class ReplyThroughputTest {

    private static final String[] MESSAGES = {
            "From: a@example.org\nSubject: Re: Invoice 4711\nContent-Type: text/plain; charset=UTF-8\n\nI can pay 200 on the 15th.\n\n"
                    + "Sent from my iPhone\n\nOn Tue, Dec 1, 2026 at 9:00 AM Billing <billing@example.com> wrote:\n> Dear customer,\n"
                    + "> invoice 4711 of 480.20 EUR is overdue.\n> Please pay by 10 December.\n> Billing\n",
            "From: b@example.org\nSubject: AW: Ihre Rechnung\nContent-Type: text/plain; charset=UTF-8\n\nIch habe die Rechnung bereits am 20.11. bezahlt.\n\n"
                    + "Mit freundlichen Grüßen\nMax\n\n-----Ursprüngliche Nachricht-----\nVon: Billing\nGesendet: Dienstag\nBetreff: Rechnung\n\nSehr geehrte Damen und Herren\n",
            "From: c@example.org\nSubject: Automatic reply: Invoice 4711\nAuto-Submitted: auto-replied\nContent-Type: text/plain\n\nI am out of the office.\n",
            "From: d@example.org\nSubject: Re: Votre facture\nContent-Type: text/html; charset=UTF-8\n\n<div>Ce n'est pas ma facture.</div>"
                    + "<div>Le mar. 1 déc. 2026, Billing a écrit :<blockquote>Madame, Monsieur</blockquote></div>\n",
            "From: e@example.org\nSubject: Re: Uw factuur\nContent-Type: text/plain\n\nBedankt voor de herinnering, ik kijk er volgende week naar.\n"};

    @Test
    void repliesAreClassifiedAtThousandsOfMessagesPerSecondOnOneCore() throws Exception {
        Session session = Session.getInstance(new Properties());
        byte[][] raw = new byte[MESSAGES.length][];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = MESSAGES[i].replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8);
        }
        AutoReplies autoReplies = new AutoReplies();
        ReplyText replies = new ReplyText();
        Intents intents = new Intents();
        LocalDate date = LocalDate.of(2026, 12, 2);
        int found = 0;
        for (int round = 0; round < 2; round++) {
            int n = round == 0 ? 5_000 : 20_000;
            long start = System.nanoTime();
            found = 0;
            for (int i = 0; i < n; i++) {
                MimeMessage message = new MimeMessage(session, new ByteArrayInputStream(raw[i % raw.length]));
                if (!autoReplies.classify(message).automatic()) {
                    found += intents.first(replies.of(message).text(), Locale.ENGLISH, date).kind() == Intent.Kind.NONE ? 0 : 1;
                }
            }
            double perSecond = n / ((System.nanoTime() - start) / 1e9);
            if (round == 1) {
                System.out.printf("replies: msgs_per_s=%.0f (parse, auto-reply rules, reply text, intents)%n", perSecond);
                assertThat(perSecond).isGreaterThan(1_000);
                assertThat(found).isEqualTo(n / raw.length * 3);
            }
        }
    }
}
