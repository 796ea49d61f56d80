package org.arrears.payments;

import static org.arrears.payments.Fixtures.dec;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CamtParserTest {

    @Test
    void batchedEntryBecomesOneEntryPerTransactionDetail() throws Exception {
        CollectingHandler h = Fixtures.parse("camt053-v02-batch.xml");

        assertThat(h.statements).hasSize(1);
        CollectingHandler.Statement s = h.statements.get(0);
        assertThat(s.header).isEqualTo(new StatementHeader("DE89370400440532013000", "EUR", dec("1000.00")));
        assertThat(s.trailer.closingBalance()).isEqualByComparingTo("1490.00");

        List<PaymentEntry> e = s.entries;
        assertThat(e).extracting(PaymentEntry::amount)
                .usingElementComparator(BigDecimal::compareTo)
                .containsExactly(dec("100.00"), dec("250.50"), dec("49.50"), dec("120.00"), dec("-30.00"));
        // the three details add up to the booked amount of the batch
        assertThat(e.get(0).amount().add(e.get(1).amount()).add(e.get(2).amount())).isEqualByComparingTo("400.00");

        PaymentEntry first = e.get(0);
        assertThat(first.currency()).isEqualTo("EUR");
        assertThat(first.bookingDate()).isEqualTo(LocalDate.of(2024, 1, 31));
        assertThat(first.valueDate()).isEqualTo(LocalDate.of(2024, 1, 31));
        // each itemised payment keeps a reference of its own
        assertThat(first.bankReference()).isEqualTo("TX-0001");
        assertThat(e.get(1).bankReference()).isEqualTo("BATCH-20240131-0001/2");
        assertThat(e.get(2).bankReference()).isEqualTo("BATCH-20240131-0001/3");
        assertThat(first.endToEndId()).isEqualTo("E2E-INV-1001");
        assertThat(first.payerName()).isEqualTo("Anna Schmidt");
        assertThat(first.payerAccount()).isEqualTo("DE44500105175407324931");
        assertThat(first.structuredReference()).isEqualTo("RF18539007547034");
        assertThat(first.remittance()).isEqualTo("RF18539007547034");
        assertThat(first.returnReason()).isNull();

        assertThat(e.get(1).payerName()).isEqualTo("Bernd Müller");
        assertThat(e.get(1).remittance()).isEqualTo("Rechnung 1002 Teilzahlung");
        assertThat(e.get(1).structuredReference()).isNull();

        assertThat(e.get(2).endToEndId()).isEqualTo("NOTPROVIDED");
        assertThat(e.get(2).payerAccount()).isEqualTo("0532013000");
        // an RF reference written in the unstructured text is still found
        assertThat(e.get(2).structuredReference()).isEqualTo("RF712348231");
    }

    @Test
    void singleEntryKeepsBookedAmountAndStructuredAndUnstructuredRemittance() throws Exception {
        PaymentEntry e = Fixtures.parse("camt053-v02-batch.xml").entries().get(3);
        assertThat(e.amount()).isEqualByComparingTo("120.00");
        assertThat(e.valueDate()).isEqualTo(LocalDate.of(2024, 2, 1));
        assertThat(e.bankReference()).isEqualTo("SCT-20240131-0002");
        assertThat(e.remittance()).isEqualTo("Invoice 1003");
        assertThat(e.structuredReference()).isEqualTo("RF45G72UUR");
        assertThat(e.payerName()).isEqualTo("Dieter Klein");
    }

    @Test
    void entryWithoutDetailsIsOneEntry() throws Exception {
        PaymentEntry fee = Fixtures.parse("camt053-v02-batch.xml").entries().get(4);
        assertThat(fee.amount()).isEqualByComparingTo("-30.00");
        assertThat(fee.bankReference()).isEqualTo("FEE-202401");
        assertThat(fee.endToEndId()).isNull();
        assertThat(fee.payerName()).isNull();
        assertThat(fee.remittance()).isNull();
    }

    @Test
    void detailsThatDoNotAddUpAreReportedAtTheBookedAmount() throws Exception {
        String xml = Fixtures.text("camt053-v02-batch.xml")
                .replace("<Amt Ccy=\"EUR\">49.50</Amt>", "<Amt Ccy=\"EUR\">49.00</Amt>");
        List<PaymentEntry> e = Fixtures.parseText(xml, "batch.xml").entries();
        assertThat(e).hasSize(3);
        assertThat(e.get(0).amount()).isEqualByComparingTo("400.00");
        assertThat(e.get(0).bankReference()).isEqualTo("BATCH-20240131-0001");
        assertThat(e.get(0).endToEndId()).isEqualTo("E2E-INV-1001");
        assertThat(e.get(0).payerName()).isEqualTo("Anna Schmidt");
    }

    @Test
    void camt054Version8() throws Exception {
        CollectingHandler h = new CollectingHandler();
        BankFormat f = BankFiles.parse(new ByteArrayInputStream(Fixtures.bytes("camt054-v08.xml")), "n.xml", null, h);
        assertThat(f).isEqualTo(BankFormat.CAMT_054);
        assertThat(h.statements.get(0).header)
                .isEqualTo(new StatementHeader("CH9300762011623852957", "CHF", null));
        assertThat(h.statements.get(0).trailer.closingBalance()).isNull();
        PaymentEntry e = h.entries().get(0);
        assertThat(e.amount()).isEqualByComparingTo("1250.40");
        assertThat(e.currency()).isEqualTo("CHF");
        assertThat(e.bookingDate()).isEqualTo(LocalDate.of(2024, 2, 5));
        assertThat(e.valueDate()).isEqualTo(LocalDate.of(2024, 2, 6));
        assertThat(e.bankReference()).isEqualTo("ZKB-240205-99812");
        assertThat(e.endToEndId()).isEqualTo("E2E-CH-5531");
        assertThat(e.payerName()).isEqualTo("Hans Meier AG");
        assertThat(e.payerAccount()).isEqualTo("CH5604835012345678009");
        assertThat(e.structuredReference()).isEqualTo("RF6518K5");
    }

    @Test
    void reversalIsADebitWithItsReturnReason() throws Exception {
        CollectingHandler h = Fixtures.parse("camt053-v08-reversal.xml");
        assertThat(h.statements.get(0).header.openingBalance()).isEqualByComparingTo("500.00");
        assertThat(h.statements.get(0).trailer.closingBalance()).isEqualByComparingTo("425.00");
        PaymentEntry e = h.entries().get(0);
        assertThat(e.amount()).isEqualByComparingTo("-75.00");
        assertThat(e.returnReason()).isEqualTo("AM04");
        assertThat(e.endToEndId()).isEqualTo("SDD-2024-0042");
        assertThat(e.payerName()).isEqualTo("Jan de Vries");
        assertThat(e.remittance()).isEqualTo("Termijn 3 van 6, dossier 2023-118");
    }

    @Test
    void version1NamesAndProprietaryAccount() throws Exception {
        String xml = """
                <?xml version="1.0" encoding="UTF-8"?>
                <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.052.001.01">
                  <BkToCstmrAcctRptV01>
                    <GrpHdr><MsgId>R1</MsgId><CreDtTm>2024-01-01T10:00:00</CreDtTm></GrpHdr>
                    <Rpt>
                      <Id>R1-1</Id>
                      <Acct><Id><PrtryAcct><Id>00123-44</Id></PrtryAcct></Id></Acct>
                      <Ntry>
                        <Amt Ccy="SEK">10.5</Amt>
                        <CdtDbtInd>DBIT</CdtDbtInd>
                        <Sts>PDNG</Sts>
                        <BookgDt><DtTm>2024-01-01T09:15:00</DtTm></BookgDt>
                      </Ntry>
                    </Rpt>
                  </BkToCstmrAcctRptV01>
                </Document>
                """;
        CollectingHandler h = new CollectingHandler();
        BankFormat f = BankFiles.parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), "r.xml",
                null, h);
        assertThat(f).isEqualTo(BankFormat.CAMT_052);
        assertThat(h.statements.get(0).header).isEqualTo(new StatementHeader("00123-44", "SEK", null));
        assertThat(h.entries().get(0).amount()).isEqualByComparingTo("-10.5");
        assertThat(h.entries().get(0).bookingDate()).isEqualTo(LocalDate.of(2024, 1, 1));
    }

    @Test
    void largeBatchesAreStreamed() throws Exception {
        int n = CamtParser.SPLIT_BUFFER * 2 + 500;
        CollectingHandler h = Fixtures.parseText(bigBatch(n, n + ".00"), "big.xml");
        assertThat(h.entries()).hasSize(n);
        assertThat(h.entries().get(n - 1).endToEndId()).isEqualTo("E" + (n - 1));
        assertThat(h.statements.get(0).trailer.closingBalance()).isEqualByComparingTo(String.valueOf(n));
    }

    @Test
    void largeBatchWhoseDetailsDoNotAddUpIsRejected() {
        int n = CamtParser.SPLIT_BUFFER + 10;
        BankFileException e = Fixtures.rejectionOfText(bigBatch(n, (n + 1) + ".00"), "big.xml");
        assertThat(e.problem()).contains("add up to").contains(n + " transaction details");
        assertThat(e.location()).isEqualTo("/Document/BkToCstmrDbtCdtNtfctn/Ntfctn[1]/Ntry[1]");
    }

    /** A camt.054 with one entry of n details of 1.00 each and the given booked amount. */
    static String bigBatch(int n, String booked) {
        StringBuilder sb = new StringBuilder("""
                <?xml version="1.0" encoding="UTF-8"?>
                <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.04">
                <BkToCstmrDbtCdtNtfctn><GrpHdr><MsgId>B</MsgId><CreDtTm>2024-05-01T00:00:00Z</CreDtTm></GrpHdr>
                <Ntfctn><Id>B1</Id><Acct><Id><IBAN>DE89370400440532013000</IBAN></Id><Ccy>EUR</Ccy></Acct>
                <Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">0</Amt><CdtDbtInd>CRDT</CdtDbtInd></Bal>
                """);
        sb.append("<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy=\"EUR\">").append(n)
                .append("</Amt><CdtDbtInd>CRDT</CdtDbtInd></Bal>\n");
        sb.append("<Ntry><Amt Ccy=\"EUR\">").append(booked).append("</Amt><CdtDbtInd>CRDT</CdtDbtInd>")
                .append("<Sts>BOOK</Sts><BookgDt><Dt>2024-05-01</Dt></BookgDt><NtryDtls>\n");
        for (int i = 0; i < n; i++) {
            sb.append("<TxDtls><Refs><EndToEndId>E").append(i).append("</EndToEndId></Refs>")
                    .append("<Amt Ccy=\"EUR\">1.00</Amt><CdtDbtInd>CRDT</CdtDbtInd></TxDtls>\n");
        }
        sb.append("</NtryDtls></Ntry></Ntfctn></BkToCstmrDbtCdtNtfctn></Document>\n");
        return sb.toString();
    }

    // ------------------------------------------------------------------------------------------ rejections

    @Test
    void doctypeIsRefusedBeforeAnythingIsRead() {
        CollectingHandler h = new CollectingHandler();
        BankFileException e = org.assertj.core.api.Assertions.catchThrowableOfType(BankFileException.class,
                () -> BankFiles.parse(new ByteArrayInputStream(Fixtures.bytes("camt053-doctype.xml")),
                        "xxe.xml", null, h));
        assertThat(e).isNotNull();
        assertThat(e.problem()).contains("DOCTYPE");
        assertThat(e.location()).isEqualTo("prolog");
        assertThat(e.getMessage()).startsWith("xxe.xml, prolog: ");
        assertThat(h.statements).isEmpty();
    }

    @Test
    void closingBalanceThatDoesNotMatchIsRejected() {
        BankFileException e = Fixtures.rejection("camt053-closing-mismatch.xml");
        assertThat(e.location()).isEqualTo("/Document/BkToCstmrStmt/Stmt[1]");
        assertThat(e.problem()).contains("do not reconcile").contains("250.00").contains("260.00");
    }

    @Test
    void closingBalanceCheckCanBeSwitchedOffForDiagnostics() throws Exception {
        CollectingHandler h = Fixtures.parse(Fixtures.bytes("camt053-closing-mismatch.xml"), "m.xml",
                ParseOptions.defaults().withReconcile(false));
        assertThat(h.statements).hasSize(2);
    }

    @Test
    void truncatedFileIsRejected() {
        byte[] full = Fixtures.bytes("camt053-v02-batch.xml");
        byte[] cut = Arrays.copyOf(full, full.length * 2 / 3);
        BankFileException e = Fixtures.rejection(cut, "cut.xml");
        assertThat(e.problem()).containsAnyOf("malformed XML", "truncated");
        assertThat(e.location()).startsWith("line ");
    }

    @Test
    void invalidAmountNamesItsElement() {
        String xml = Fixtures.text("camt053-v02-batch.xml").replace(">120.00<", ">12O.00<");
        BankFileException e = Fixtures.rejectionOfText(xml, "amt.xml");
        assertThat(e.location()).isEqualTo("/Document/BkToCstmrStmt/Stmt[1]/Ntry[2]/Amt");
        assertThat(e.problem()).contains("invalid amount '12O.00'");
    }

    @Test
    void missingCreditDebitIndicatorIsRejected() {
        String xml = Fixtures.text("camt054-v08.xml").replace("<CdtDbtInd>CRDT</CdtDbtInd>\n        <Sts>", "<Sts>");
        BankFileException e = Fixtures.rejectionOfText(xml, "cdi.xml");
        assertThat(e.problem()).contains("no CdtDbtInd");
        assertThat(e.location()).endsWith("/Ntfctn[1]/Ntry[1]");
    }

    @Test
    void otherXmlIsNotACamtMessage() {
        String xml = "<?xml version=\"1.0\"?><Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:pain.001.001.03\">"
                + "<CstmrCdtTrfInitn/></Document>";
        BankFileException e = Fixtures.rejectionOfText(xml, "pain.xml");
        assertThat(e.problem()).contains("unrecognised format");
    }

    @Test
    void aDtdTheXmlReaderCannotReportIsMalformedXml() {
        // found by the fuzzer: for a control character in an entity's system id the JDK reader throws
        // MissingResourceException (InvalidCharInDTD) instead of an XMLStreamException
        BankFileException e = Fixtures.rejection("fuzz-dtd-reader-failure.xml");
        assertThat(e.problem()).startsWith("malformed XML").contains("MissingResourceException").doesNotContain("unreadable");
        assertThat(e.location()).isEqualTo("line 3");
    }
}
