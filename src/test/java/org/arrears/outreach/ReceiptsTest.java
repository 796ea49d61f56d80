package org.arrears.outreach;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.arrears.bench.SmtpSink;
import org.arrears.compliance.Channel;
import org.arrears.testing.HubFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Delivery receipts move sent messages on, mark their addresses, and an undeliverable one falls back. */
class ReceiptsTest {

    static final Instant NOON_LONDON = Instant.parse("2026-06-03T11:00:00Z");

    SmtpSink server;
    HubFixture f;

    @BeforeEach
    void start() throws Exception {
        server = new SmtpSink();
        Map<String, String> o = new HashMap<>(HubFixture.smtp(server.port()));
        o.put("arrears.policies", "src/test/resources/policies/omni");
        f = new HubFixture(NOON_LONDON, o);
    }

    @AfterEach
    void stop() throws Exception {
        f.close();
        server.close();
    }

    private long sentEmail(String address) {
        long d = f.book.consumer("Receipt", "Europe/London", "GB", address);
        f.book.phone(d, "+447700900123", "CONSUMER_CONSENT");
        f.book.invoice(d, "EUR", "40.00", LocalDate.of(2026, 6, 1));
        f.hub.planner().plan(LocalDate.of(2026, 6, 3));
        f.hub.emailDispatcher().drain();
        return d;
    }

    private String providerId(long debtor) {
        return f.book.queryString("SELECT provider_message_id FROM communication WHERE debtor_id = ? AND channel = 'email'", debtor);
    }

    @Test
    void anUndeliverableReceiptBouncesTheMessageMarksTheAddressAndPlansTheNextChannelOnce() {
        long d = sentEmail("bounce@example.test");
        Receipt bounce = new Receipt(Channel.EMAIL, null, providerId(d), Receipt.Kind.UNDELIVERABLE, NOON_LONDON,
                "DSN", "5.1.1 user unknown");

        ReceiptSink.Applied first = f.hub.lifecycle().apply(List.of(bounce));
        ReceiptSink.Applied again = f.hub.lifecycle().apply(List.of(bounce));

        assertThat(first).isEqualTo(new ReceiptSink.Applied(0, 1, 0, 0));
        assertThat(again).as("a repeated report changes nothing").isEqualTo(new ReceiptSink.Applied(0, 0, 0, 0));
        assertThat(f.book.rows("SELECT channel, status, array_to_string(fallback_channels, ','), fallback_of IS NOT NULL "
                + "FROM communication WHERE debtor_id = ? ORDER BY id", d))
                .containsExactly("email|BOUNCED|sms,letter|f", "sms|PLANNED|letter|t");
        assertThat(f.book.rows("SELECT channel, quality, bounced_count FROM contact_point WHERE debtor_id = ? ORDER BY id", d))
                .containsExactly("email|HARD_BOUNCE|1", "sms|UNKNOWN|0");
        assertThat(f.book.rows("SELECT c.channel, e.status, e.reason, e.detail FROM communication_event e "
                + "JOIN communication c ON c.id = e.communication_id WHERE c.debtor_id = ? AND e.reason IS NOT NULL "
                + "AND e.status <> 'SENT' ORDER BY e.id", d))
                .hasSize(3)
                .anySatisfy(r -> assertThat(r).startsWith("email|BOUNCED|DSN|5.1.1 user unknown"))
                .anySatisfy(r -> assertThat(r).startsWith("email|BOUNCED|HARD_BOUNCE|falls back to sms message"))
                .anySatisfy(r -> assertThat(r).startsWith("sms|PLANNED|HARD_BOUNCE|fallback from email message"));
        assertThat(f.book.queryLong("SELECT count(*) FROM communication_invoice ci JOIN communication c "
                + "ON c.id = ci.communication_id WHERE c.debtor_id = ? AND c.channel = 'sms'", d))
                .as("the text lists the same invoices").isEqualTo(1);
    }

    @Test
    void aDeliveredReceiptConfirmsTheMessageAndRaisesTheAddressQuality() {
        long d = sentEmail("fine@example.test");
        f.book.execute("UPDATE contact_point SET quality = 'UNKNOWN' WHERE debtor_id = ? AND channel = 'email'", d);

        ReceiptSink.Applied applied = f.hub.lifecycle().apply(List.of(
                new Receipt(Channel.EMAIL, null, providerId(d), Receipt.Kind.DELIVERED, NOON_LONDON, "TEST", "delivered"),
                new Receipt(Channel.EMAIL, null, "no-such-id", Receipt.Kind.DELIVERED, NOON_LONDON, "TEST", "delivered")));

        assertThat(applied).isEqualTo(new ReceiptSink.Applied(1, 0, 0, 1));
        assertThat(f.book.rows("SELECT status, delivered_at IS NOT NULL FROM communication WHERE debtor_id = ?", d))
                .containsExactly("DELIVERED|t");
        assertThat(f.book.rows("SELECT quality, delivered_count, last_delivered_at IS NOT NULL FROM contact_point "
                + "WHERE debtor_id = ? AND channel = 'email'", d)).containsExactly("GOOD|1|t");
    }

    @Test
    void aPendingReceiptOnlyAddsToTheHistory() {
        long d = sentEmail("slow@example.test");

        ReceiptSink.Applied applied = f.hub.lifecycle().apply(List.of(
                new Receipt(Channel.EMAIL, null, providerId(d), Receipt.Kind.PENDING, NOON_LONDON, "TEST", "queued")));

        assertThat(applied).isEqualTo(new ReceiptSink.Applied(0, 0, 1, 0));
        assertThat(f.book.queryString("SELECT status FROM communication WHERE debtor_id = ?", d)).isEqualTo("SENT");
        assertThat(f.book.rows("SELECT e.status, e.detail FROM communication_event e JOIN communication c "
                + "ON c.id = e.communication_id WHERE c.debtor_id = ? ORDER BY e.id DESC LIMIT 1", d)).containsExactly("SENT|queued");
    }

    @Test
    void anSmscReceiptGivingTheHexadecimalSubmitIdInDecimalStillFindsItsText() {
        long d = f.book.consumer("Hex", "Europe/London", "GB", null);
        long cp = f.book.phone(d, "+447911123456", "CONSUMER_CONSENT");
        f.book.invoice(d, "EUR", "40.00", LocalDate.of(2026, 6, 1));
        f.hub.planner().plan(LocalDate.of(2026, 6, 3));
        f.book.execute("UPDATE communication SET status = 'SENT', sent_at = now(), provider_message_id = '38601fa' "
                + "WHERE debtor_id = ? AND channel = 'sms'", d);

        ReceiptSink.Applied applied = f.hub.lifecycle().apply(List.of(new Receipt(Channel.SMS, null, "0059113978",
                Receipt.Kind.DELIVERED, NOON_LONDON, "SMPP_RECEIPT", "DELIVRD")));

        assertThat(applied.delivered()).isEqualTo(1);
        assertThat(f.book.queryString("SELECT status FROM communication WHERE contact_point_id = ?", cp)).isEqualTo("DELIVERED");
    }
}
