package org.arrears.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.arrears.bench.SmtpSink;
import org.arrears.testing.HubFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Erasure requests (R40) against the real database, after the hub sent, received and posted for the debtor. */
class ErasureTest {

    static final Instant NOON_LONDON = Instant.parse("2026-06-03T11:00:00Z");
    static final String NAME = "Erin Quarrington";
    static final String EMAIL = "erin.quarrington@example.test";
    static final String PHONE = "+447911123456";

    SmtpSink smtp;
    HubFixture f;
    long erin;
    long invoice;

    @BeforeEach
    void remindReceiveAndPost() throws Exception {
        smtp = new SmtpSink();
        f = new HubFixture(NOON_LONDON, HubFixture.smtp(smtp.port()));
        erin = f.book.consumer(NAME, "Europe/London", "GB", EMAIL);
        f.book.phone(erin, PHONE, "CONSUMER_CONSENT");
        f.book.postal(erin, NAME + "\n1 Quarry Lane\nLeeds LS1 4AB");
        f.book.execute("UPDATE debtor SET postal_code = 'LS1 4AB', attorney_contact = ? WHERE id = ?", "counsel for " + NAME, erin);
        invoice = f.book.invoice(erin, "EUR", "250.00", LocalDate.of(2026, 5, 20));
        f.hub.planner().plan(LocalDate.of(2026, 6, 3));
        f.hub.emailDispatcher().drain();
        long message = f.book.queryLong("SELECT id FROM communication WHERE debtor_id = ? AND status = 'SENT'", erin);
        // a reply quoting her name and address, a bounce detail quoting the address, a payment from her account
        f.book.execute("""
                INSERT INTO inbound_event (kind, source, external_id, communication_id, debtor_id, payload)
                VALUES ('REPLY', 'mailbox', '<r1@example.test>', ?, ?, jsonb_build_object('kind', 'reply', 'strippedText',
                        'I paid last week. ' || ?::text || ', ' || ?::text || ', ' || ?::text))""",
                message, erin, NAME, EMAIL, PHONE);
        f.book.execute("INSERT INTO communication_event (communication_id, status, detail) VALUES (?, 'SENT', ?)",
                message, "delayed: 452 " + EMAIL + " mailbox full");
        f.book.execute("""
                INSERT INTO payment (debtor_id, amount, currency, status, payer_name, payer_account, remittance)
                VALUES (?, 250.00, 'EUR', 'MATCHED', ?, 'GB29NWBK60161331926819', ?)""", erin, NAME, "INV " + NAME);
        f.book.execute("INSERT INTO debtor_bank_account (debtor_id, account, payer_name) VALUES (?, 'GB29NWBK60161331926819', ?)",
                erin, NAME);
        f.book.execute("INSERT INTO task (kind, debtor_id, title, detail) VALUES ('REPLY', ?, ?, ?)", erin,
                "Reply from " + NAME, "wrote from " + EMAIL);
        f.book.execute("INSERT INTO bank_file (file_name, content_sha256, format, status, report) VALUES "
                + "('s.xml', 'abc', 'CAMT_054', 'POSTED', jsonb_build_object('entries', jsonb_build_array("
                + "jsonb_build_object('payer', ?::text, 'amount', 250.00))))", NAME);
        // she opted out of texts, and asks for erasure once she has paid
        f.book.execute("UPDATE contact_point SET opted_out_at = now(), opt_out_source = 'SMS_KEYWORD' WHERE debtor_id = ? "
                + "AND channel = 'sms'", erin);
        f.book.pay(invoice, "250.00");
    }

    @AfterEach
    void stop() throws Exception {
        f.close();
        smtp.close();
    }

    /** Every text-like column of every table in the schema that holds the value, as table.column. */
    private List<String> columnsHolding(String value) throws Exception {
        List<String> found = new ArrayList<>();
        try (Connection c = f.db.dataSource().getConnection()) {
            List<String[]> columns = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT c.table_name, c.column_name FROM information_schema.columns c
                    JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
                    WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
                      AND (c.data_type IN ('text', 'character varying', 'character', 'json', 'jsonb', 'ARRAY', 'bytea'))""");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    columns.add(new String[] {rs.getString(1), rs.getString(2)});
                }
            }
            assertThat(columns).hasSizeGreaterThan(50); // the scan sees the whole schema
            for (String[] col : columns) {
                String sql = "SELECT count(*) FROM \"" + col[0] + "\" WHERE strpos(lower(\"" + col[1] + "\"::text), lower(?)) > 0";
                try (PreparedStatement ps = c.prepareStatement(sql)) {
                    ps.setString(1, value);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        if (rs.getLong(1) > 0) {
                            found.add(col[0] + "." + col[1]);
                        }
                    }
                }
            }
        }
        return found;
    }

    @Test
    void afterErasureNoTableHoldsHerNameEmailOrPhoneAndTheRetainedFactsRemain() throws Exception {
        assertThat(columnsHolding(NAME)).contains("debtor.name", "payment.payer_name", "task.title", "bank_file.report",
                "inbound_event.payload", "contact_point.address");
        assertThat(columnsHolding(EMAIL)).contains("contact_point.address", "communication.address",
                "communication_event.detail");
        assertThat(columnsHolding(PHONE)).contains("contact_point.address");
        List<String> before = f.book.rows("SELECT id, status, gate_verdict, gate_reason, total_amount, sent_at, content_sha256 "
                + "FROM communication WHERE debtor_id = ? ORDER BY id", erin);

        Erasure.Report r = f.hub.erasure().erase(erin, false);

        assertThat(r.outcome()).isEqualTo(Erasure.Outcome.ERASED);
        assertThat(r.line()).startsWith("debtor " + erin + ": erased contact_point=3 suppressed_address=1 debtor=1");
        assertThat(columnsHolding(NAME)).isEmpty();
        assertThat(columnsHolding(EMAIL)).isEmpty();
        assertThat(columnsHolding(PHONE)).isEmpty();
        assertThat(columnsHolding("Quarry Lane")).isEmpty();
        // kept: the messages, that they were sent, when, for how much, and the gate's decisions; the amounts paid
        assertThat(f.book.rows("SELECT id, status, gate_verdict, gate_reason, total_amount, sent_at, content_sha256 "
                + "FROM communication WHERE debtor_id = ? ORDER BY id", erin)).isEqualTo(before).isNotEmpty();
        assertThat(f.book.queryLong("SELECT count(*) FROM communication WHERE debtor_id = ? AND content_gz IS NOT NULL", erin))
                .isZero();
        assertThat(f.book.rows("SELECT amount, currency, status FROM payment WHERE debtor_id = ?", erin))
                .containsExactly("250.00|EUR|MATCHED");
        assertThat(f.book.rows("SELECT kind, external_id FROM inbound_event WHERE debtor_id = ?", erin))
                .containsExactly("REPLY|<r1@example.test>");
        // the opt-out stays, as a hash of the address
        assertThat(f.book.rows("SELECT channel, address_sha256 FROM suppressed_address"))
                .containsExactly("sms|" + Erasure.addressHash(PHONE));
        assertThat(f.book.rows("SELECT channel, opted_out_at IS NOT NULL FROM contact_point WHERE debtor_id = ? ORDER BY id",
                erin)).containsExactly("email|f", "sms|t", "letter|f");
        assertThat(f.book.rows("SELECT action, debtor_id, detail->>'communication' FROM data_protection_log"))
                .containsExactly("ERASE|" + erin + "|" + before.size());
    }

    @Test
    void anErasedDebtorsOptedOutAddressIsStillSuppressedWhenItComesBack() throws Exception {
        f.hub.erasure().erase(erin, false);

        // the AR system sends the number again, for her and for someone else; the e-mail address was not opted out
        long again = f.book.phone(erin, PHONE, "CONSUMER_CONSENT");
        long other = f.book.phone(f.book.consumer("Someone Else", "Europe/London", "GB", null), PHONE, "CONSUMER_CONSENT");
        long email = f.book.emailAddress(erin, EMAIL, "CONSUMER_USED", false);

        assertThat(f.book.rows("SELECT id, opted_out_at IS NOT NULL, opt_out_source FROM contact_point WHERE id IN (?, ?, ?) "
                + "ORDER BY id", again, other, email)).containsExactly(again + "|t|SUPPRESSED", other + "|t|SUPPRESSED",
                email + "|f|null");
        assertThat(f.book.queryLong("SELECT count(*) FROM contact_point WHERE address = ? AND opted_out_at IS NULL", PHONE))
                .isZero();
    }

    @Test
    void aDebtorWithAnOpenBalanceIsRestrictedNotErased() throws Exception {
        f.book.invoice(erin, "EUR", "90.00", LocalDate.of(2026, 5, 25));

        Erasure.Report r = f.hub.erasure().erase(erin, false);

        assertThat(r.outcome()).isEqualTo(Erasure.Outcome.RESTRICTED);
        assertThat(r.line()).isEqualTo("debtor " + erin + ": restricted, not erased: open balance 90.00 hold=1");
        assertThat(columnsHolding(NAME)).contains("debtor.name");
        assertThat(f.book.rows("SELECT kind, released_at IS NULL FROM hold WHERE debtor_id = ?", erin))
                .containsExactly("DO_NOT_CONTACT|t");
        assertThat(f.book.rows("SELECT action, detail->>'reason' FROM data_protection_log"))
                .containsExactly("RESTRICT|open balance 90.00");
        // asked again: the hold is not placed twice
        assertThat(f.hub.erasure().erase(erin, false).changed()).containsEntry("hold", 0);
    }

    @Test
    void aLegalHoldInForceKeepsTheDataToo() throws Exception {
        f.book.hold(erin, null, "LEGAL", null);

        Erasure.Report r = f.hub.erasure().erase(erin, false);

        assertThat(r.outcome()).isEqualTo(Erasure.Outcome.RESTRICTED);
        assertThat(r.reason()).isEqualTo("hold in force: LEGAL");
        assertThat(columnsHolding(EMAIL)).isNotEmpty();
    }

    @Test
    void aDryRunSaysWhatWouldBeErasedAndChangesNothing() throws Exception {
        List<String> before = columnsHolding(NAME);

        Erasure.Report r = f.hub.erasure().erase(erin, true);

        assertThat(r.outcome()).isEqualTo(Erasure.Outcome.ERASED);
        assertThat(r.line()).startsWith("debtor " + erin + ": would be erased contact_point=3").endsWith("(dry run, nothing changed)");
        assertThat(columnsHolding(NAME)).isEqualTo(before);
        assertThat(f.book.queryLong("SELECT count(*) FROM data_protection_log")).isZero();
        assertThat(f.book.queryLong("SELECT count(*) FROM suppressed_address")).isZero();
    }

    @Test
    void anUnknownDebtorIsSaidToBeUnknown() throws Exception {
        Erasure.Report r = f.hub.erasure().erase(999_999, false);
        assertThat(r.outcome()).isEqualTo(Erasure.Outcome.NOT_FOUND);
        assertThat(r.line()).isEqualTo("debtor 999999: no such debtor in the hub's tables");
    }
}
