/**
 * Bank payment files: streaming parsers for ISO 20022 camt.052/053/054, SWIFT MT940/MT942, BAI2, NACHA ACH and
 * configurable CSV, all producing one normalized model.
 *
 * <p>Use {@link org.arrears.payments.BankFiles#parse(java.nio.file.Path, PaymentFileHandler)}: the format is
 * detected from the content ({@link org.arrears.payments.BankFormatDetector}), the file is read once, and every
 * statement and entry is handed to the {@link org.arrears.payments.PaymentFileHandler} as soon as it is read, so
 * memory stays bounded whatever the file size. Validation happens while reading: syntax, record order, amounts,
 * dates and codes, and (with {@link org.arrears.payments.ParseOptions#reconcile()} on, the default) balances and
 * declared control totals. A file that fails ends in a {@link org.arrears.payments.BankFileException} naming the
 * file, the line or element path and the problem; whatever the handler received for that file must then be
 * discarded, so a bank file is posted whole or not at all.
 *
 * <p>{@link org.arrears.payments.PaymentFileJson} prints a file as normalized JSON (or a single error object) for
 * inspection and for tools; {@link org.arrears.payments.RfReference} checks and creates ISO 11649 creditor
 * references, the payment references the hub puts on its invoices and matches payments by.
 */
package org.arrears.payments;
