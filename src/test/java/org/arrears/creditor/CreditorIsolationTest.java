package org.arrears.creditor;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.arrears.ar.CreditorReference;
import org.arrears.ar.Holds;
import org.arrears.inbound.MessageMatcher;
import org.arrears.testing.HubFixture;
import org.arrears.testing.TwoCreditors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two creditors in one hub with the same invoice numbers, references and debtor names: planning, policies,
 * rendering (brand, bank details, From / Reply-To / bounce domain, template folder), inbound matching by address,
 * tasks and holds each stay with their own creditor. (Payments: CreditorPaymentIsolationTest.)
 */
class CreditorIsolationTest {

    @RegisterExtension
    static GreenMailExtension mail = new GreenMailExtension(ServerSetupTest.SMTP.dynamicPort());

    /** 15:00 UTC: afternoon in Hamburg, morning in Chicago. */
    static final Instant NOW = Instant.parse("2026-03-10T15:00:00Z");
    static final LocalDate TODAY = LocalDate.of(2026, 3, 10);
    static final String REFERENCE = CreditorReference.create("1001");

    @TempDir
    Path dir;

    TwoCreditors two;

    @BeforeEach
    void start() {
        two = new TwoCreditors(dir, NOW, HubFixture.smtp(mail.getSmtp().getPort()));
    }

    @AfterEach
    void stop() {
        two.close();
    }

    long alphaPaul() {
        long d = two.debtor(two.alpha, "Paul Peters", "en", "Europe/Berlin", "DE", "paul.alpha@example.test");
        two.invoice(d, "INV-1001", REFERENCE, "EUR", "120.00", TODAY.minusDays(10));
        return d;
    }

    long bravoPaul() {
        long d = two.debtor(two.bravo, "Paul Peters", "en", "America/Chicago", "US-IL", "paul.bravo@example.test");
        two.invoice(d, "INV-1001", REFERENCE, "USD", "120.00", TODAY.minusDays(10));
        return d;
    }

    @Test
    void eachDebtorIsPlannedUnderAPolicyItsCreditorMayUseAndTheMessageCarriesThatCreditor() {
        long a = alphaPaul();
        long b = bravoPaul();

        // the dry run says what the plan does
        assertThat(two.f.hub.planner().preview(TODAY).candidates()).extracting(c -> c.debtorId() + "|" + c.policy())
                .containsExactlyInAnyOrder(a + "|flow", b + "|bravo-first");
        assertThat(two.f.hub.planner().plan(TODAY).planned()).isEqualTo(2);

        // bravo-first comes first but belongs to Bravo: Alpha's debtor falls through to the shared flow policy
        assertThat(two.f.book.rows("SELECT debtor_id, creditor_id, policy_code FROM communication ORDER BY debtor_id"))
                .containsExactly(a + "|" + two.alpha + "|flow", b + "|" + two.bravo + "|bravo-first");
    }

    @Test
    void eachMessageShowsItsOwnCreditorsBrandBankDetailsAndSendingIdentity() throws Exception {
        alphaPaul();
        bravoPaul();
        two.f.hub.planner().plan(TODAY);
        assertThat(two.f.hub.emailDispatcher().drain().get("SENT")).isEqualTo(2);

        MimeMessage toAlpha = to("paul.alpha@example.test");
        String alphaText = text(toAlpha);
        assertThat(toAlpha.getFrom()[0].toString()).isEqualTo(TwoCreditors.ALPHA_FROM);
        assertThat(toAlpha.getReplyTo()[0].toString()).isEqualTo("buchhaltung@alpha-handel.example");
        assertThat(toAlpha.getHeader("Return-Path", null)).endsWith("@bounces.alpha-handel.example>");
        assertThat(toAlpha.getSubject()).isEqualTo("Alpha Handel: 1 invoice(s) overdue"); // Alpha's template folder first
        assertThat(alphaText).contains("Alpha Handel", "DE89 3704 0044 0532 0130 00", "INV-1001", "pay.alpha-handel.example")
                .doesNotContain("Bravo", TwoCreditors.BRAVO_ACCOUNT, "Acme");

        MimeMessage toBravo = to("paul.bravo@example.test");
        String bravoText = text(toBravo);
        assertThat(toBravo.getFrom()[0].toString()).isEqualTo(TwoCreditors.BRAVO_FROM);
        assertThat(toBravo.getReplyTo()[0].toString()).isEqualTo("ar@bravo-supply.example");
        assertThat(toBravo.getHeader("Return-Path", null)).endsWith("@bounces.bravo-supply.example>");
        assertThat(toBravo.getSubject()).doesNotContain("Alpha"); // the shared template
        assertThat(bravoText).contains("Bravo Supply", TwoCreditors.BRAVO_ACCOUNT, "021000021", "pay.bravo-supply.example")
                .doesNotContain("Alpha", "DE89", "Acme");
    }

    @Test
    void thePreviewOfADebtorsMessageIsRenderedForItsOwnCreditorUnderAPolicyItMayUse() {
        long a = alphaPaul();
        long b = bravoPaul();

        var alphaPreview = two.f.hub.previews().render(a, "follow-up", null);
        assertThat(alphaPreview.context().message().policyCode()).isEqualTo("flow");
        assertThat(alphaPreview.message().subject()).isEqualTo("Alpha Handel: 1 invoice(s) overdue");
        assertThat(alphaPreview.message().text()).contains("DE89 3704 0044 0532 0130 00").doesNotContain("Bravo");
        var bravoPreview = two.f.hub.previews().render(b, "follow-up", null);
        assertThat(bravoPreview.context().message().policyCode()).isEqualTo("bravo-first");
        assertThat(bravoPreview.message().text()).contains("Bravo Supply", TwoCreditors.BRAVO_ACCOUNT).doesNotContain("Alpha");
    }

    @Test
    void aReplyFromAnAddressBothCreditorsWroteToIsMatchedToNeitherByTheAddressAlone() {
        long a = two.debtor(two.alpha, "Pat Shared", "en", "Europe/Berlin", "DE", "pat@example.test");
        two.invoice(a, "INV-1001", REFERENCE, "EUR", "80.00", TODAY.minusDays(10));
        long b = two.debtor(two.bravo, "Pat Shared", "en", "America/Chicago", "US-IL", "pat@example.test");
        two.invoice(b, "INV-1001", REFERENCE, "USD", "80.00", TODAY.minusDays(10));
        two.f.hub.planner().plan(TODAY);
        assertThat(two.f.hub.emailDispatcher().drain().get("SENT")).isEqualTo(2);

        MessageMatcher matcher = new MessageMatcher(two.f.db.dataSource());
        assertThat(matcher.match(byAddress("pat@example.test"))).isEmpty();
        // the token still finds the one message it names, whichever creditor sent it
        String bravoToken = two.f.book.queryString("SELECT token FROM communication WHERE debtor_id = ?", b);
        assertThat(matcher.match(new MessageMatcher.Evidence(List.of("bounces+" + bravoToken + "@bounces.bravo-supply.example"),
                null, List.of(), List.of(), List.of()))).map(MessageMatcher.Match::debtorId).contains(b);
    }

    @Test
    void aReplyFromAnAddressOnlyOneCreditorWroteToMatchesThatCreditorsMessage() {
        long a = two.debtor(two.alpha, "Pat Alone", "en", "Europe/Berlin", "DE", "alone@example.test");
        two.invoice(a, "INV-1001", REFERENCE, "EUR", "80.00", TODAY.minusDays(10));
        two.debtor(two.bravo, "Pat Alone", "en", "America/Chicago", "US-IL", "alone@example.test"); // owes Bravo nothing
        two.f.hub.planner().plan(TODAY);
        two.f.hub.emailDispatcher().drain();

        assertThat(new MessageMatcher(two.f.db.dataSource()).match(byAddress("alone@example.test")))
                .map(MessageMatcher.Match::debtorId).contains(a);
    }

    @Test
    void tasksAndHoldsCarryTheCreditorOfTheirDebtor() throws Exception {
        long b = two.debtor(two.bravo, "Erin Late", "en", "America/Chicago", "US-IL", "erin@example.test");
        long inv = two.invoice(b, "INV-1001", REFERENCE, "USD", "300.00", TODAY.minusDays(45));
        long a = two.debtor(two.alpha, "Erin Late", "en", "Europe/Berlin", "DE", "erin.alpha@example.test");

        assertThat(two.f.hub.planner().plan(TODAY).tasksCreated()).isEqualTo(1); // the escalation step of bravo-first
        assertThat(two.f.book.rows("SELECT kind, debtor_id, creditor_id FROM task"))
                .containsExactly("ESCALATION|" + b + "|" + two.bravo);

        try (Connection c = two.f.db.dataSource().getConnection()) {
            two.f.hub.holds().place(c, new Holds.Request(b, inv, "DISPUTE", "never ordered", null, null));
            two.f.hub.holds().place(c, new Holds.Request(a, null, "DO_NOT_CONTACT", "asked by phone", null, null));
        }
        assertThat(two.f.book.rows("SELECT debtor_id, creditor_id FROM hold ORDER BY id"))
                .containsExactly(b + "|" + two.bravo, a + "|" + two.alpha);
        assertThat(two.f.book.rows("SELECT debtor_id, creditor_id FROM contact_point ORDER BY id"))
                .containsExactly(b + "|" + two.bravo, a + "|" + two.alpha);
    }

    @Test
    void theRegistryIsWrittenToTheCreditorTableWithIdsThatStayByCode() {
        assertThat(two.f.book.rows("SELECT id, code, legal_name FROM creditor ORDER BY id")).containsExactly(
                "1|default|Acme Supplies Ltd", two.alpha + "|alpha|Alpha Handel GmbH", two.bravo + "|bravo|Bravo Supply Inc.");
        // a second instance over the same database finds the same ids
        assertThat(two.f.anotherInstance(Map.of()).creditors().idOf("bravo")).isEqualTo(two.bravo);
        assertThat(two.f.hub.creditors().creditorOfAccount("de89 3704 0044 0532 0130 00")).contains(two.alpha);
    }

    private static MessageMatcher.Evidence byAddress(String address) {
        return new MessageMatcher.Evidence(List.of(), null, List.of(), List.of(), List.of(address));
    }

    private static MimeMessage to(String address) {
        return Arrays.stream(mail.getReceivedMessages()).filter(m -> {
            try {
                return m.getAllRecipients()[0].toString().equals(address);
            } catch (jakarta.mail.MessagingException e) {
                throw new IllegalStateException(e);
            }
        }).findFirst().orElseThrow(() -> new AssertionError("no message to " + address));
    }

    private static String text(MimeMessage m) throws Exception {
        return (String) ((MimeMultipart) m.getContent()).getBodyPart(0).getContent();
    }
}
