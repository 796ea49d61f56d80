package org.arrears.payments;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Files written to hurt the reader: nesting millions of levels deep, texts of tens of megabytes, errors that would
 * quote megabytes of the file. Each is refused while it is read, in bounded memory, with a message of about a
 * kilobyte at most, so no log line, report or database row carries the file's bulk.
 */
class HostileInputTest {

    /** The longest message allowed: about 1 kB. */
    static final int MAX_MESSAGE = 1100;

    /** {@code count} copies of {@code unit} after {@code head}, generated as they are read (never held whole). */
    static InputStream repeated(String head, String unit, long count) {
        byte[] u = unit.getBytes(StandardCharsets.UTF_8);
        InputStream body = new InputStream() {
            long left = count * u.length;

            @Override
            public int read() {
                if (left <= 0) {
                    return -1;
                }
                return u[(int) ((count * u.length - left--) % u.length)];
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                for (int i = 0; i < n; i++) {
                    b[off + i] = u[(int) ((count * u.length - left--) % u.length)];
                }
                return n;
            }
        };
        return new SequenceInputStream(new ByteArrayInputStream(head.getBytes(StandardCharsets.UTF_8)), body);
    }

    static final String CAMT_HEAD = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.053.001.08\"><BkToCstmrStmt>"
            + "<GrpHdr><MsgId>H-1</MsgId></GrpHdr><Stmt><Id>S-1</Id>";

    static BankFileException rejection(InputStream in, String name) {
        try {
            BankFiles.parse(in, name, new CollectingHandler(), ParseOptions.defaults());
        } catch (BankFileException e) {
            return e;
        }
        throw new AssertionError(name + " was not rejected");
    }

    @Test
    void aCamtNestedTwentyMillionLevelsDeepIsRefusedAtTheDepthLimitWithAShortMessage() {
        BankFileException e = rejection(repeated(CAMT_HEAD, "<Ntry>", 20_000_000), "deep.xml");

        assertThat(e.problem()).contains("nested deeper than " + CamtParser.MAX_DEPTH);
        assertThat(e.getMessage().length()).isLessThan(MAX_MESSAGE);
        assertThat(e.location()).startsWith("/Document/BkToCstmrStmt/Stmt[1]/Ntry[1]/Ntry");
    }

    @Test
    void aCamtNestedFiveMillionLevelsDeepAndCutShortGetsAShortMessage() {
        // the file ends inside five million open elements: the error names where, without listing every level
        BankFileException e = rejection(repeated(CAMT_HEAD, "<a>", 5_000_000), "truncated-deep.xml");

        assertThat(e.getMessage().length()).isLessThan(MAX_MESSAGE);
        assertThat(e.location().length()).isLessThanOrEqualTo(BankFileException.MAX_LOCATION);
    }

    @Test
    void aCamtTextOfFiftyMegabytesIsRefusedAsItIsRead() {
        InputStream in = new SequenceInputStream(repeated(CAMT_HEAD + "<Ntry><AddtlNtryInf>", "x", 50_000_000),
                new ByteArrayInputStream("</AddtlNtryInf></Ntry></Stmt></BkToCstmrStmt></Document>".getBytes()));
        BankFileException e = rejection(in, "long-text.xml");

        assertThat(e.problem()).contains("text content longer than " + CamtParser.MAX_TEXT);
        assertThat(e.getMessage().length()).isLessThan(MAX_MESSAGE);
    }

    @Test
    void anErrorThatQuotesTheFileQuotesAtMostAKilobyteOfIt() {
        String balance = ":60F:C260601EUR" + "9".repeat(90_000) + "X\n";
        String mt940 = ":20:STMT\n:25:DE89370400440532013000\n:28C:1/1\n" + balance + ":62F:C260601EUR0,00\n-\n";
        BankFileException e = Fixtures.rejectionOfText(mt940, "long-balance.sta");

        assertThat(e.problem()).startsWith("invalid balance 'C260601EUR9999").contains("characters left out");
        assertThat(e.getMessage().length()).isLessThan(MAX_MESSAGE);
    }

    @Test
    void controlCharactersFromTheFileAreWrittenAsEscapesInTheMessage() {
        String bai2 = "01,SENDR,RECVR,260601,0800,1,80,,2/\n02,RECVR,SENDR,1,260601,0800,USD,2/\n"
                + "03,123456789,USD,010,100000,,,015,150000,,/\n16,165,50\u000100,0,BR1,CR1,Invoice INV-1/\n"
                + "49,300000,3/\n98,300000,1,5/\n99,300000,1,7/\n";
        BankFileException e = Fixtures.rejectionOfText(bai2, "ctl.bai2");

        assertThat(e.problem()).isEqualTo("invalid detail amount '50\\u000100'");
        assertThat(e.getMessage()).doesNotContain("\u0001");
    }

    @Test
    void aProblemFullOfControlCharactersStaysWithinItsBoundOnceEscaped() {
        String bounded = BankFileException.bounded("\u0000".repeat(10_000), BankFileException.MAX_PROBLEM);

        assertThat(bounded.length()).isLessThanOrEqualTo(BankFileException.MAX_PROBLEM);
        assertThat(bounded).startsWith("\\u0000\\u0000").contains("characters left out").doesNotContain("\u0000");
    }
}
