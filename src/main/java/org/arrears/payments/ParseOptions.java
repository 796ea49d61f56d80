package org.arrears.payments;

/**
 * How {@link BankFiles} reads a file.
 *
 * @param csvLayout the layout of delimited files; without one, CSV is never detected
 * @param reconcile when true (the default) every statement must reconcile before the file counts as valid: the
 *                  opening balance plus the entries equals the closing balance, and the control totals and counts
 *                  a file declares (NACHA batch and file control, BAI2 49/98/99 trailers, MT942 :90D:/:90C:) equal
 *                  what it contains. Switching it off is meant for diagnostics (for instance to see what a
 *                  non-reconciling file contains); a file read that way must not be posted. Structural checks
 *                  (syntax, record order, dates, amounts, codes) always apply.
 */
public record ParseOptions(CsvLayout csvLayout, boolean reconcile) {

    /** No CSV layout, reconciliation on. */
    public static ParseOptions defaults() {
        return new ParseOptions(null, true);
    }

    public ParseOptions withCsvLayout(CsvLayout layout) {
        return new ParseOptions(layout, reconcile);
    }

    public ParseOptions withReconcile(boolean on) {
        return new ParseOptions(csvLayout, on);
    }
}
