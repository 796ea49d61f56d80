package org.arrears.policy;

import org.arrears.db.Sql;

/**
 * Which debtors a policy covers: a debtor kind (B2B/B2C), a SQL condition over the debtor source
 * (alias {@code d}), both, or neither (everyone). The SQL comes from a reviewed policy file, never
 * from user input. {@code line} is where the file states it, for errors found when the SQL is checked.
 */
public record Segment(String kind, String sql, int line) {

    public static final Segment ALL = new Segment(null, null, 0);

    /** The segment as a SQL predicate over the debtor source under alias d, with the kind bound. */
    public Sql predicate() {
        String s = sql == null ? "true" : "(" + sql + ")";
        return kind == null ? new Sql().append("(true AND " + s + ")") : new Sql().append("(d.kind = ? AND " + s + ")", kind);
    }
}
