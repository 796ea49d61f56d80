package org.arrears.report;

/**
 * SQL for amounts "as of" a past date. An invoice's open amount as of date D is its open amount now plus every
 * allocation of a payment dated after D (value date, else booking date, else the day it was posted), so payments
 * and returns after D are undone: a payment's allocation is added back, a return's negative allocation taken off.
 * Invoices issued after D do not exist as of D. Changes to an open amount outside allocations (a credit note or a
 * write-off made in the ERP) are not undone: the hub does not see their dates.
 */
final class AsOf {

    /** A payment's date: the same expression as the index payment_value_day (V14). */
    static final String PAYMENT_DAY = "coalesce(p.value_date, p.booking_date, (p.created_at AT TIME ZONE 'UTC')::date)";

    private AsOf() {
    }

    /**
     * The allocations to add back per invoice for payments dated after each of two dates: relation
     * {@code (invoice_id, after_first, after_second)}, after the earlier and after the later date; binds the later
     * date, then the earlier (the same date twice for one date).
     */
    static String laterAllocations() {
        return """
                SELECT a.invoice_id,
                       sum(a.amount) AS after_first,
                       sum(a.amount) FILTER (WHERE %1$s > ?::date) AS after_second
                FROM payment p JOIN allocation a ON a.payment_id = p.id
                WHERE %1$s > ?::date
                GROUP BY a.invoice_id""".formatted(PAYMENT_DAY);
    }
}
