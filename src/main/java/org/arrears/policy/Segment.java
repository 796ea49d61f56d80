package org.arrears.policy;

/**
 * Which debtors a policy covers: a debtor kind (B2B/B2C), a SQL condition over the debtor source
 * (alias {@code d}), both, or neither (everyone). The SQL comes from a reviewed policy file, never
 * from user input.
 */
public record Segment(String kind, String sql) {

    public static final Segment ALL = new Segment(null, null);

    /** The segment as a SQL predicate over alias d; kind is bound as a parameter by the caller. */
    public String predicate() {
        String k = kind == null ? "true" : "d.kind = ?";
        String s = sql == null ? "true" : "(" + sql + ")";
        return "(" + k + " AND " + s + ")";
    }
}
