package org.arrears.payments;

import java.util.ArrayList;
import java.util.List;

/** Test handler that keeps everything it receives. */
class CollectingHandler implements PaymentFileHandler {

    static final class Statement {
        StatementHeader header;
        final List<PaymentEntry> entries = new ArrayList<>();
        StatementTrailer trailer;
    }

    final List<Statement> statements = new ArrayList<>();
    private Statement current;
    private final StringBuilder calls = new StringBuilder();

    @Override
    public void startStatement(StatementHeader header) {
        if (current != null) {
            throw new IllegalStateException("startStatement inside a statement");
        }
        current = new Statement();
        current.header = header;
        statements.add(current);
        calls.append('S');
    }

    @Override
    public void entry(PaymentEntry entry) {
        if (current == null) {
            throw new IllegalStateException("entry outside a statement");
        }
        current.entries.add(entry);
        calls.append('e');
    }

    @Override
    public void endStatement(StatementTrailer trailer) {
        if (current == null) {
            throw new IllegalStateException("endStatement without startStatement");
        }
        current.trailer = trailer;
        current = null;
        calls.append('E');
    }

    List<PaymentEntry> entries() {
        List<PaymentEntry> all = new ArrayList<>();
        for (Statement s : statements) {
            all.addAll(s.entries);
        }
        return all;
    }

    boolean balanced() {
        return current == null;
    }
}
