package org.arrears.payments;

/**
 * Receives the content of a bank file while a parser streams through it.
 *
 * <p>Calls arrive in the order {@code startStatement (entry)* endStatement}, repeated for every statement in the
 * file. The parser validates as it reads: when it finds a problem it throws {@link BankFileException} after some
 * calls may already have been made. The caller must then discard everything it received for that file (the
 * payment poster stages entries inside a transaction and rolls it back). When {@code parse} returns normally the
 * whole file was valid.
 */
public interface PaymentFileHandler {

    void startStatement(StatementHeader header);

    void entry(PaymentEntry entry);

    void endStatement(StatementTrailer trailer);
}
