package org.arrears.inbound;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.arrears.ar.Holds;
import org.arrears.db.Sql;

/**
 * What a debtor's answer does when its intent is certain, whichever channel it came by (a mail reply, a text): the
 * one path that turns an {@link Intent} into flags and holds, within the caller's transaction. Cease sets the
 * debtor's cease flag (R11); a dispute holds the invoices of the message it answers (or the debtor when it answers
 * none); a promise places a promise-to-pay hold until its date with its amount; "already paid" holds the reminders
 * for a few days while a person checks. Attorney, bankruptcy, wrong person, a plan request and questions change
 * nothing here: the task the caller creates asks a person to decide.
 */
public final class ReplyActions {

    private final Holds holds;
    private final int alreadyPaidHoldDays;

    /** @param alreadyPaidHoldDays how long reminders wait after a debtor says it has paid */
    public ReplyActions(Holds holds, int alreadyPaidHoldDays) {
        this.holds = holds;
        this.alreadyPaidHoldDays = alreadyPaidHoldDays;
    }

    /**
     * Applies the intent to the debtor; {@code communicationId} is the message the answer replies to (null when
     * unknown), {@code source} names the channel in the records ("REPLY", "SMS_REPLY"). Returns the effects in words.
     */
    public List<String> act(Connection c, long debtorId, Long communicationId, Intent intent, LocalDate today,
                            String source) throws SQLException {
        List<String> effects = new ArrayList<>();
        String by = "SMS_REPLY".equals(source) ? "text" : "reply";
        switch (intent.kind()) {
            case CEASE_COMMUNICATION -> {
                try (PreparedStatement ps = new Sql().append("""
                        INSERT INTO debtor_flag (debtor_id, cease_communication, source) VALUES (?, true, ?)
                        ON CONFLICT (debtor_id) DO UPDATE SET cease_communication = true, source = excluded.source,
                               updated_at = now()
                        """, debtorId, source).prepare(c)) {
                    ps.executeUpdate();
                }
                effects.add("cease communication recorded (R11)");
            }
            case DISPUTE -> {
                List<Long> invoices = invoices(c, communicationId);
                for (long invoice : invoices) {
                    holds.place(c, new Holds.Request(debtorId, invoice, "DISPUTE", "disputed by " + by, null, null));
                }
                if (invoices.isEmpty()) {
                    holds.place(c, new Holds.Request(debtorId, null, "DISPUTE", "disputed by " + by, null, null));
                }
                effects.add("dispute hold on " + (invoices.isEmpty() ? "the debtor" : invoices.size() + " invoice(s)"));
            }
            case PROMISE_TO_PAY -> {
                LocalDate until = intent.date() != null ? intent.date() : today.plusDays(alreadyPaidHoldDays);
                BigDecimal amount = intent.amount() != null && intent.amount().signum() > 0 ? intent.amount() : null;
                holds.place(c, new Holds.Request(debtorId, null, "PROMISE_TO_PAY", "promised by " + by, until, amount));
                effects.add("promise-to-pay hold until " + until + (amount == null ? "" : " for " + amount.toPlainString()));
            }
            case ALREADY_PAID -> {
                LocalDate until = today.plusDays(alreadyPaidHoldDays);
                holds.place(c, new Holds.Request(debtorId, null, "DO_NOT_CONTACT",
                        "says it has already paid: reminders wait while a person checks", until, null));
                effects.add("reminders held until " + until + " (says already paid)");
            }
            default -> {
                // attorney, bankruptcy, wrong person, payment plan, question, none: a person decides
            }
        }
        return effects;
    }

    private static List<Long> invoices(Connection c, Long communicationId) throws SQLException {
        List<Long> out = new ArrayList<>();
        if (communicationId == null) {
            return out;
        }
        try (PreparedStatement ps = new Sql().append(
                "SELECT invoice_id FROM communication_invoice WHERE communication_id = ? ORDER BY invoice_id",
                communicationId).prepare(c); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(rs.getLong(1));
            }
        }
        return out;
    }
}
