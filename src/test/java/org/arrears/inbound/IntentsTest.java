package org.arrears.inbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Map;
import org.arrears.config.ConfigException;
import org.arrears.config.Settings;
import org.arrears.inbound.Intent.Kind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IntentsTest {

    /** A Wednesday. */
    private static final LocalDate MESSAGE_DATE = LocalDate.of(2026, 12, 2);

    private static Intent detect(String text, String language) {
        return Intents.detect(text, Locale.forLanguageTag(language), MESSAGE_DATE);
    }

    @ParameterizedTest(name = "[{0}] {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            en    | I paid last week.                                        | ALREADY_PAID
            en    | We have already paid this invoice on November 20.        | ALREADY_PAID
            en    | this is not my invoice                                   | DISPUTE
            en    | I dispute this charge, I never ordered anything.         | DISPUTE
            en    | I can pay 200 on the 15th                                | PROMISE_TO_PAY
            en    | Could we agree on a payment plan of 50 per month?        | PAYMENT_PLAN
            en    | stop writing to me                                       | CEASE_COMMUNICATION
            en    | Do not contact me again about this account.              | CEASE_COMMUNICATION
            en    | I refuse to pay this.                                    | CEASE_COMMUNICATION
            en    | Please speak to my attorney, John Smith.                 | ATTORNEY
            en    | I filed for chapter 7 bankruptcy in October.             | BANKRUPTCY
            en    | You have the wrong person, I don't know this company.    | WRONG_PERSON
            en    | Why is the amount higher than last month?                | QUESTION
            en    | Thanks for the reminder.                                 | NONE
            de    | Ich habe die Rechnung bereits am 20.11. bezahlt.         | ALREADY_PAID
            de    | Das ist nicht meine Rechnung.                            | DISPUTE
            de    | ich zahle 150 € am 3.12.                                 | PROMISE_TO_PAY
            de    | Ist eine Ratenzahlung von 100 Euro pro Monat möglich?    | PAYMENT_PLAN
            de    | Bitte kontaktieren Sie mich nicht mehr.                  | CEASE_COMMUNICATION
            de    | Mein Anwalt wird sich bei Ihnen melden.                  | ATTORNEY
            de    | Ich befinde mich in der Privatinsolvenz.                 | BANKRUPTCY
            de    | Sie haben die falsche Person angeschrieben.              | WRONG_PERSON
            de    | Können Sie mir bitte die Rechnung noch einmal senden?    | QUESTION
            fr    | J'ai déjà payé cette facture la semaine dernière.        | ALREADY_PAID
            fr    | Ce n'est pas ma facture.                                 | DISPUTE
            fr    | Je vais payer 200 € le 15 décembre.                      | PROMISE_TO_PAY
            fr    | Est-il possible de payer en plusieurs fois ?             | PAYMENT_PLAN
            fr    | Arrêtez de m'écrire.                                     | CEASE_COMMUNICATION
            fr    | Veuillez contacter mon avocat.                           | ATTORNEY
            fr    | Je suis en procédure de surendettement.                  | BANKRUPTCY
            fr    | Je ne suis pas Madame Dupont, mauvaise personne.         | WRONG_PERSON
            es    | Ya he pagado la factura ayer.                            | ALREADY_PAID
            es    | Esta no es mi factura.                                   | DISPUTE
            es    | Voy a pagar 300 euros el 20 de diciembre.                | PROMISE_TO_PAY
            es    | ¿Puedo pagar en cuotas de 50 al mes?                     | PAYMENT_PLAN
            es    | Dejen de escribirme, por favor.                          | CEASE_COMMUNICATION
            es    | Mi abogado se pondrá en contacto con ustedes.            | ATTORNEY
            es    | Estoy en concurso de acreedores.                         | BANKRUPTCY
            es    | No conozco a esta persona, dirección equivocada.         | WRONG_PERSON
            nl    | Ik heb de factuur vorige week al betaald.                | ALREADY_PAID
            nl    | Dit is niet mijn factuur.                                | DISPUTE
            nl    | Ik betaal 200 euro op 15 december.                       | PROMISE_TO_PAY
            nl    | Kan ik een betalingsregeling treffen?                    | PAYMENT_PLAN
            nl    | Neem geen contact meer met mij op.                       | CEASE_COMMUNICATION
            nl    | Mijn advocaat neemt contact met u op.                    | ATTORNEY
            nl    | Ik zit in de schuldsanering.                             | BANKRUPTCY
            nl    | U heeft de verkeerde persoon gemaild.                    | WRONG_PERSON
            """)
    void eachLanguageHasARuleForEachIntent(String language, String text, Kind expected) {
        assertThat(detect(text, language).kind()).as(text).isEqualTo(expected);
    }

    @Test
    void aPromiseToPayOnTheFifteenthIsTheNextFifteenthAfterTheMessageDateWithItsAmount() {
        Intent intent = detect("I can pay 200 on the 15th", "en");

        assertThat(intent.kind()).isEqualTo(Kind.PROMISE_TO_PAY);
        assertThat(intent.name()).isEqualTo("promise-to-pay");
        assertThat(intent.amount()).isEqualByComparingTo("200");
        assertThat(intent.currency()).isNull();
        assertThat(intent.date()).isEqualTo(LocalDate.of(2026, 12, 15));
        assertThat(intent.phrase()).isEqualTo("I can pay");
    }

    @Test
    void aDayOfTheMonthAlreadyPastThisMonthIsNextMonths() {
        Intent intent = Intents.detect("I will pay 200 on the 1st", Locale.ENGLISH, MESSAGE_DATE);

        assertThat(intent.date()).isEqualTo(LocalDate.of(2027, 1, 1));
        assertThat(intent.amount()).isEqualByComparingTo("200");
    }

    @Test
    void aGermanPromiseGivesItsAmountInEurosAndItsDayAndMonth() {
        Intent intent = detect("Hallo, ich zahle 150 € am 3.12. Mit freundlichen Grüßen", "de");

        assertThat(intent.kind()).isEqualTo(Kind.PROMISE_TO_PAY);
        assertThat(intent.amount()).isEqualByComparingTo("150");
        assertThat(intent.currency()).isEqualTo("EUR");
        assertThat(intent.date()).isEqualTo(LocalDate.of(2026, 12, 3));
    }

    @Test
    void amountsWithGroupingAndDecimalsInEitherConventionAreRead() {
        assertThat(detect("Je paierai 1.234,56 € demain.", "fr").amount()).isEqualByComparingTo("1234.56");
        assertThat(detect("Je paierai 1.234,56 € demain.", "fr").date()).isEqualTo(MESSAGE_DATE.plusDays(1));
        assertThat(detect("I will pay $1,234.50 by Friday", "en").amount()).isEqualByComparingTo("1234.50");
        assertThat(detect("I will pay $1,234.50 by Friday", "en").date()).isEqualTo(LocalDate.of(2026, 12, 4));
        assertThat(detect("I will pay GBP 75 tomorrow", "en").currency()).isEqualTo("GBP");
    }

    @Test
    void anAlreadyPaidReplyGivesThePastDateAndTheAmount() {
        Intent intent = detect("We paid 480.20 EUR on 28 November, reference 4711.", "en");

        assertThat(intent.kind()).isEqualTo(Kind.ALREADY_PAID);
        assertThat(intent.amount()).isEqualByComparingTo("480.20");
        assertThat(intent.currency()).isEqualTo("EUR");
        assertThat(intent.date()).isEqualTo(LocalDate.of(2026, 11, 28));
        assertThat(detect("I paid last week", "en").date()).isEqualTo(MESSAGE_DATE.minusWeeks(1));
    }

    @Test
    void aDayMonthNamedAfterTheMessageDateInAPaymentIsLastYears() {
        assertThat(detect("I paid on December 20", "en").date()).isEqualTo(LocalDate.of(2025, 12, 20));
    }

    @Test
    void usEnglishReadsSlashDatesMonthFirstAndOtherEnglishDayFirst() {
        assertThat(Intents.detect("I will pay 100 on 1/5", Locale.US, MESSAGE_DATE).date()).isEqualTo(LocalDate.of(2027, 1, 5));
        assertThat(Intents.detect("I will pay 100 on 1/5", Locale.UK, MESSAGE_DATE).date()).isEqualTo(LocalDate.of(2027, 5, 1));
    }

    @ParameterizedTest(name = "[{0}] {1}")
    @CsvSource(delimiter = '|', textBlock = """
            en | I have not paid yet, sorry.
            en | I haven't paid it.
            en | I cannot pay this month.
            de | Ich habe die Rechnung noch nicht bezahlt.
            fr | Je n'ai pas encore payé.
            es | No he pagado todavía.
            nl | Ik heb nog niet betaald.
            """)
    void aNegatedPaymentOrPromiseIsNeitherPaidNorAPromise(String language, String text) {
        assertThat(detect(text, language).kind()).as(text).isNotIn(Kind.ALREADY_PAID, Kind.PROMISE_TO_PAY);
    }

    @Test
    void aNegationBeforeAButDoesNotCancelThePromiseAfterIt() {
        assertThat(detect("I could not pay before, but I will pay 200 on the 15th.", "en").kind()).isEqualTo(Kind.PROMISE_TO_PAY);
    }

    @Test
    void ceaseTakesPrecedenceOverADisputeInTheSameReplyAndAllAreListed() {
        var all = Intents.detectAll("This is not my debt. Stop writing to me!", Locale.ENGLISH, MESSAGE_DATE);

        assertThat(all).extracting(Intent::kind).containsExactly(Kind.CEASE_COMMUNICATION, Kind.DISPUTE);
    }

    @Test
    void aWrongHintStillFindsTheIntentInTheReplysOwnLanguage() {
        Intent intent = Intents.detect("Ich habe schon bezahlt.", Locale.ENGLISH, MESSAGE_DATE);

        assertThat(intent.kind()).isEqualTo(Kind.ALREADY_PAID);
        assertThat(intent.language()).isEqualTo("de");
    }

    @Test
    void anEmptyReplyHasNoIntent() {
        assertThat(Intents.detect("  ", Locale.ENGLISH, MESSAGE_DATE)).isEqualTo(Intent.NONE);
        assertThat(Intent.NONE.name()).isEqualTo("none");
    }

    @Test
    void onlyTheConfiguredNumberOfCharactersIsRead() {
        String text = "Hello. " + "x".repeat(300) + " I paid last week.";
        Settings settings = Settings.of(Map.of(Intents.MAX_CHARS, "200")::get, java.util.Set::of, "test.properties");

        assertThat(Intents.from(settings).first(text, Locale.ENGLISH, MESSAGE_DATE).kind()).isEqualTo(Kind.NONE);
        assertThat(Intents.detect(text, Locale.ENGLISH, MESSAGE_DATE).kind()).isEqualTo(Kind.ALREADY_PAID);
    }

    @Test
    void aTooSmallCharacterLimitFailsNamingTheSetting() {
        Settings settings = Settings.of(Map.of(Intents.MAX_CHARS, "10")::get, java.util.Set::of, "test.properties");

        assertThatThrownBy(() -> Intents.from(settings)).isInstanceOf(ConfigException.class)
                .hasMessageContaining("test.properties").hasMessageContaining(Intents.MAX_CHARS);
    }

    @Test
    void tenThousandRepliesAreReadInWellUnderASecondOnOneCore() {
        String[] replies = {"I can pay 200 on the 15th", "Ich habe die Rechnung bereits am 20.11. bezahlt.",
                "Ce n'est pas ma facture.", "Thanks for the reminder, I will look into it next week when I am back.",
                "Dejen de escribirme, por favor.", "Kan ik een betalingsregeling treffen?"};
        for (int i = 0; i < 2000; i++) {
            Intents.detect(replies[i % replies.length], Locale.ENGLISH, MESSAGE_DATE);
        }
        long start = System.nanoTime();
        int n = 10_000;
        for (int i = 0; i < n; i++) {
            Intents.detect(replies[i % replies.length], Locale.ENGLISH, MESSAGE_DATE);
        }
        double perSecond = n / ((System.nanoTime() - start) / 1e9);
        System.out.printf("intents: %.0f replies/s%n", perSecond);
        assertThat(perSecond).isGreaterThan(2_000);
    }

    @Test
    void anAmountIsABigDecimal() {
        assertThat(detect("I will pay 99.90 tomorrow", "en").amount()).isEqualTo(new BigDecimal("99.90"));
    }
}
