package org.arrears.payments;

/** The bank payment file formats the hub reads. The format of a file is detected from its content. */
public enum BankFormat {
    /** ISO 20022 camt.052 bank-to-customer account report (intraday). */
    CAMT_052,
    /** ISO 20022 camt.053 bank-to-customer statement. */
    CAMT_053,
    /** ISO 20022 camt.054 bank-to-customer debit/credit notification. */
    CAMT_054,
    /** SWIFT MT940 customer statement. */
    MT940,
    /** SWIFT MT942 interim transaction report. */
    MT942,
    /** BAI2 (cash management balance reporting, version 2). */
    BAI2,
    /** NACHA ACH file (entries, returns, notifications of change). */
    NACHA,
    /** Delimited text described by a {@link CsvLayout}. */
    CSV
}
