package org.arrears.payments;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes small camt.053 statements for flow tests: balances are computed from the entries, so the file
 * reconciles unless a test sets a wrong closing balance on purpose.
 */
final class CamtBuilder {

    private final String messageId;
    private final List<Stmt> statements = new ArrayList<>();

    private CamtBuilder(String messageId) {
        this.messageId = messageId;
    }

    static CamtBuilder message(String messageId) {
        return new CamtBuilder(messageId);
    }

    /** A new statement of the account, opening at the balance. */
    Stmt statement(String iban, String currency, String opening) {
        Stmt s = new Stmt(iban, currency, new BigDecimal(opening));
        statements.add(s);
        return s;
    }

    String xml() {
        StringBuilder sb = new StringBuilder();
        sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.08\">\n<BkToCstmrStmt>\n")
                .append("<GrpHdr><MsgId>").append(messageId).append("</MsgId><CreDtTm>2026-06-05T06:00:00Z</CreDtTm></GrpHdr>\n");
        int n = 0;
        for (Stmt s : statements) {
            s.write(sb, messageId + "-" + ++n);
        }
        sb.append("</BkToCstmrStmt>\n</Document>\n");
        return sb.toString();
    }

    Path writeTo(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, xml(), StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static final class Stmt {
        final String iban;
        final String currency;
        final BigDecimal opening;
        BigDecimal closingOverride;
        final List<Entry> entries = new ArrayList<>();

        Stmt(String iban, String currency, BigDecimal opening) {
            this.iban = iban;
            this.currency = currency;
            this.opening = opening;
        }

        /** Money in. */
        Entry credit(String amount, String bankReference) {
            Entry e = new Entry(new BigDecimal(amount), false, bankReference);
            entries.add(e);
            return e;
        }

        /** Money out: a reversal of a payment received when {@link Entry#reversal(String)} is called on it. */
        Entry debit(String amount, String bankReference) {
            Entry e = new Entry(new BigDecimal(amount), true, bankReference);
            entries.add(e);
            return e;
        }

        /** A closing balance that does not follow from the entries. */
        Stmt closing(String amount) {
            closingOverride = new BigDecimal(amount);
            return this;
        }

        void write(StringBuilder sb, String id) {
            BigDecimal closing = opening;
            for (Entry e : entries) {
                closing = e.debit ? closing.subtract(e.amount) : closing.add(e.amount);
            }
            if (closingOverride != null) {
                closing = closingOverride;
            }
            sb.append("<Stmt><Id>").append(id).append("</Id>")
                    .append("<Acct><Id><IBAN>").append(iban).append("</IBAN></Id><Ccy>").append(currency).append("</Ccy></Acct>\n");
            balance(sb, "OPBD", opening);
            balance(sb, "CLBD", closing);
            for (Entry e : entries) {
                e.write(sb, currency);
            }
            sb.append("</Stmt>\n");
        }

        private void balance(StringBuilder sb, String type, BigDecimal amount) {
            sb.append("<Bal><Tp><CdOrPrtry><Cd>").append(type).append("</Cd></CdOrPrtry></Tp><Amt Ccy=\"")
                    .append(currency).append("\">").append(amount.abs().toPlainString()).append("</Amt><CdtDbtInd>")
                    .append(amount.signum() < 0 ? "DBIT" : "CRDT").append("</CdtDbtInd><Dt><Dt>2026-06-04</Dt></Dt></Bal>\n");
        }
    }

    static final class Entry {
        final BigDecimal amount;
        final boolean debit;
        final String bankReference;
        String endToEndId;
        String name;
        String account;
        String structured;
        String remittance;
        String reason;
        boolean reversal;
        String date = "2026-06-04";

        Entry(BigDecimal amount, boolean debit, String bankReference) {
            this.amount = amount;
            this.debit = debit;
            this.bankReference = bankReference;
        }

        Entry e2e(String v) {
            endToEndId = v;
            return this;
        }

        Entry from(String payerName, String payerAccount) {
            name = payerName;
            account = payerAccount;
            return this;
        }

        /** A structured creditor reference (RF...). */
        Entry rf(String v) {
            structured = v;
            return this;
        }

        /** Unstructured remittance text. */
        Entry text(String v) {
            remittance = v;
            return this;
        }

        Entry reversal(String returnReason) {
            reversal = true;
            reason = returnReason;
            return this;
        }

        Entry on(String isoDate) {
            date = isoDate;
            return this;
        }

        void write(StringBuilder sb, String currency) {
            sb.append("<Ntry><Amt Ccy=\"").append(currency).append("\">").append(amount.toPlainString()).append("</Amt>")
                    .append("<CdtDbtInd>").append(debit ? "DBIT" : "CRDT").append("</CdtDbtInd>");
            if (reversal) {
                sb.append("<RvslInd>true</RvslInd>");
            }
            sb.append("<Sts><Cd>BOOK</Cd></Sts><BookgDt><Dt>").append(date).append("</Dt></BookgDt><ValDt><Dt>")
                    .append(date).append("</Dt></ValDt>");
            if (bankReference != null) {
                sb.append("<AcctSvcrRef>").append(bankReference).append("</AcctSvcrRef>");
            }
            sb.append("<NtryDtls><TxDtls>");
            if (endToEndId != null) {
                sb.append("<Refs><EndToEndId>").append(endToEndId).append("</EndToEndId></Refs>");
            }
            if (name != null || account != null) {
                sb.append("<RltdPties>");
                if (name != null) {
                    sb.append("<Dbtr><Pty><Nm>").append(escape(name)).append("</Nm></Pty></Dbtr>");
                }
                if (account != null) {
                    sb.append("<DbtrAcct><Id><IBAN>").append(account).append("</IBAN></Id></DbtrAcct>");
                }
                sb.append("</RltdPties>");
            }
            if (structured != null || remittance != null) {
                sb.append("<RmtInf>");
                if (remittance != null) {
                    sb.append("<Ustrd>").append(escape(remittance)).append("</Ustrd>");
                }
                if (structured != null) {
                    sb.append("<Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry></Tp><Ref>").append(structured)
                            .append("</Ref></CdtrRefInf></Strd>");
                }
                sb.append("</RmtInf>");
            }
            if (reason != null) {
                sb.append("<RtrInf><Rsn><Cd>").append(reason).append("</Cd></Rsn></RtrInf>");
            }
            sb.append("</TxDtls></NtryDtls></Ntry>\n");
        }

        private static String escape(String s) {
            return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        }
    }
}
