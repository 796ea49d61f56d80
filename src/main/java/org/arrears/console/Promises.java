package org.arrears.console;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.arrears.ar.Holds;
import org.arrears.db.Sql;

/**
 * Promises to pay and payment plans taken on the phone, recorded as holds through {@link Holds#place} as a reply's
 * promise is (inbound.InboundMail): a PROMISE_TO_PAY hold until the promised date with the promised amount (the
 * payment poster marks it kept), a PAYMENT_PLAN hold until the last instalment with the schedule in its reason.
 * Tracking broken promises and missed instalments is not done here.
 */
final class Promises {

    /** One instalment of a plan. */
    record Instalment(LocalDate due, BigDecimal amount) {
    }

    private Promises() {
    }

    static long promise(Connection c, ConsoleServices s, ConsoleUser user, long debtorId, LocalDate date, BigDecimal amount)
            throws SQLException {
        if (date.isBefore(s.today())) {
            throw new IllegalArgumentException("date " + date + ": a promise to pay cannot be in the past");
        }
        long creditor = Work.debtorCreditor(c, user, debtorId);
        long id = s.holds().place(c, new Holds.Request(debtorId, null, "PROMISE_TO_PAY",
                "promised on a call, taken by " + user.name(), date, amount));
        own(c, id, creditor);
        Audit.record(c, user.name(), "debtor.promise", "debtor:" + debtorId, null,
                Work.state("hold", id, "until", date, "amount", amount));
        return id;
    }

    /** The schedule: {@code count} instalments of the total split evenly (the last takes the cents), every {@code everyDays}. */
    static List<Instalment> schedule(BigDecimal total, int count, LocalDate first, int everyDays) {
        if (count < 2 || count > 60) {
            throw new IllegalArgumentException("instalments " + count + ": between 2 and 60");
        }
        if (everyDays < 1 || everyDays > 92) {
            throw new IllegalArgumentException("every " + everyDays + " days: between 1 and 92");
        }
        BigDecimal each = total.divide(BigDecimal.valueOf(count), 2, RoundingMode.DOWN);
        List<Instalment> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            BigDecimal amount = i == count - 1 ? total.subtract(each.multiply(BigDecimal.valueOf(count - 1))) : each;
            out.add(new Instalment(first.plusDays((long) i * everyDays), amount));
        }
        return out;
    }

    static long plan(Connection c, ConsoleServices s, ConsoleUser user, long debtorId, List<Instalment> schedule)
            throws SQLException {
        if (schedule.get(0).due().isBefore(s.today())) {
            throw new IllegalArgumentException("first " + schedule.get(0).due() + ": the first instalment cannot be in the past");
        }
        long creditor = Work.debtorCreditor(c, user, debtorId);
        StringBuilder reason = new StringBuilder("payment plan taken by ").append(user.name()).append(": ");
        for (int i = 0; i < schedule.size(); i++) {
            reason.append(i == 0 ? "" : ", ").append(schedule.get(i).due()).append(' ').append(schedule.get(i).amount().toPlainString());
        }
        LocalDate last = schedule.get(schedule.size() - 1).due();
        long id = s.holds().place(c, new Holds.Request(debtorId, null, "PAYMENT_PLAN", reason.toString(), last, null));
        own(c, id, creditor);
        Audit.record(c, user.name(), "debtor.plan", "debtor:" + debtorId, null, Work.state("hold", id, "until", last,
                "instalments", schedule.stream().map(x -> x.due() + " " + x.amount().toPlainString()).toList()));
        return id;
    }

    /** The hold belongs to the debtor's creditor (Holds.place leaves the V10 default). */
    static void own(Connection c, long holdId, long creditorId) throws SQLException {
        try (PreparedStatement ps = new Sql().append("UPDATE hold SET creditor_id = ? WHERE id = ?", creditorId, holdId).prepare(c)) {
            ps.executeUpdate();
        }
    }
}
