package org.arrears.report;

import java.util.Arrays;
import java.util.Collection;
import org.arrears.db.Sql;

/**
 * The creditors a caller may see (V10's {@code creditor_id} columns): a list of ids, or every creditor. Every report
 * takes one and adds its condition to its queries, so a page, an export and the CLI see the same rows.
 */
public final class CreditorScope {

    private static final CreditorScope ALL = new CreditorScope(null);

    private final Long[] ids;

    private CreditorScope(Long[] ids) {
        this.ids = ids;
    }

    /** Every creditor. */
    public static CreditorScope all() {
        return ALL;
    }

    /** Only these creditors; null means every creditor, an empty collection none. */
    public static CreditorScope of(Collection<Long> ids) {
        return ids == null ? ALL : new CreditorScope(ids.toArray(Long[]::new));
    }

    public boolean isAll() {
        return ids == null;
    }

    /** {@code AND <column> = ANY(?)}, or nothing for every creditor. */
    public Sql and(String column) {
        return ids == null ? new Sql() : new Sql().append(" AND " + column + " = ANY(?)", (Object) ids.clone());
    }

    @Override
    public String toString() {
        return ids == null ? "all creditors" : "creditors " + Arrays.toString(ids);
    }
}
