package org.arrears.payments;

/**
 * How {@link BankFiles} reads a file.
 *
 * @param csvLayout     the layout of delimited files; without one, CSV is never detected
 * @param reconcile     statement balances must reconcile: the opening balance plus the entries equals the closing
 *                      balance (camt, MT940), and an MT942's :90D:/:90C: totals equal its entries. Posting always
 *                      requires this (a file that does not reconcile is quarantined); `payments parse` does not,
 *                      because a statement excerpt or a bank's rounding should not hide what the file says.
 * @param controlTotals the control totals and counts a file format declares about its own records (NACHA batch and
 *                      file control, BAI2 49/98/99 trailers) must match: a mismatch means a damaged file, so every
 *                      reader checks them unless switched off for diagnostics.
 *                      Structural checks (syntax, record order, dates, amounts, codes) always apply.
 */
public record ParseOptions(CsvLayout csvLayout, boolean reconcile, boolean controlTotals) {

    /** No CSV layout, everything checked: what posting uses. */
    public static ParseOptions defaults() {
        return new ParseOptions(null, true, true);
    }

    /** What `payments parse` uses: declared control totals checked, statement balances not. */
    public static ParseOptions forParsing() {
        return new ParseOptions(null, false, true);
    }

    public ParseOptions withCsvLayout(CsvLayout layout) {
        return new ParseOptions(layout, reconcile, controlTotals);
    }

    /** Switches both balance reconciliation and control totals (diagnostics). */
    public ParseOptions withReconcile(boolean on) {
        return new ParseOptions(csvLayout, on, on);
    }
}
