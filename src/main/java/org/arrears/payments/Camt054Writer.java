package org.arrears.payments;

import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.time.LocalDate;

/**
 * Writes a camt.054.001.08 credit notification entry by entry (streaming): what a bank sends for incoming
 * transfers. Used to produce demonstration and test files; values are XML-escaped.
 */
public final class Camt054Writer implements AutoCloseable {

    private final Writer out;
    private int entries;

    public Camt054Writer(Writer out, String messageId, String accountIban, String accountCurrency, LocalDate created)
            throws IOException {
        this.out = out;
        out.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.054.001.08\"><BkToCstmrDbtCdtNtfctn>\n"
                + "<GrpHdr><MsgId>" + esc(messageId) + "</MsgId><CreDtTm>" + created + "T06:00:00Z</CreDtTm></GrpHdr>\n"
                + "<Ntfctn><Id>" + esc(messageId) + "</Id><Acct><Id><IBAN>" + esc(accountIban) + "</IBAN></Id><Ccy>"
                + esc(accountCurrency) + "</Ccy></Acct>\n");
    }

    /**
     * One booked credit.
     *
     * @param endToEndId          the payer's end-to-end id
     * @param payerIban           the payer's account, or null
     * @param structuredReference an RF creditor reference, or null
     * @param remittance          free remittance text, or null
     */
    public void credit(BigDecimal amount, String currency, LocalDate booked, String bankReference, String endToEndId,
                       String payerName, String payerIban, String structuredReference, String remittance) throws IOException {
        entries++;
        StringBuilder sb = new StringBuilder(512);
        sb.append("<Ntry><Amt Ccy=\"").append(esc(currency)).append("\">").append(amount.setScale(2).toPlainString())
                .append("</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts><BookgDt><Dt>").append(booked)
                .append("</Dt></BookgDt><ValDt><Dt>").append(booked).append("</Dt></ValDt><AcctSvcrRef>")
                .append(esc(bankReference)).append("</AcctSvcrRef><NtryDtls><TxDtls><Refs><EndToEndId>")
                .append(esc(endToEndId)).append("</EndToEndId></Refs><RltdPties><Dbtr><Pty><Nm>").append(esc(payerName))
                .append("</Nm></Pty></Dbtr>");
        if (payerIban != null) {
            sb.append("<DbtrAcct><Id><IBAN>").append(esc(payerIban)).append("</IBAN></Id></DbtrAcct>");
        }
        sb.append("</RltdPties><RmtInf>");
        if (remittance != null) {
            sb.append("<Ustrd>").append(esc(remittance)).append("</Ustrd>");
        }
        if (structuredReference != null) {
            sb.append("<Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry></Tp><Ref>").append(esc(structuredReference))
                    .append("</Ref></CdtrRefInf></Strd>");
        }
        sb.append("</RmtInf></TxDtls></NtryDtls></Ntry>\n");
        out.append(sb);
    }

    public int entries() {
        return entries;
    }

    @Override
    public void close() throws IOException {
        out.write("</Ntfctn></BkToCstmrDbtCdtNtfctn></Document>\n");
        out.close();
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
