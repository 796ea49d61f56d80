package org.arrears.payments;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Damaged copies of the fixtures (cut short, bytes changed) must either read as valid files or be rejected with
 * a precise problem: never an internal error, never an exception other than {@link BankFileException}.
 */
class MalformedInputTest {

    private static final String[] FIXTURES = {"camt053-v02-batch.xml", "camt054-v08.xml",
        "camt053-v08-reversal.xml", "mt940-sepa-de.sta", "bai2-continuation.bai2", "nacha-returns.ach"};

    @Test
    void truncatedCopiesAreRejectedCleanly() {
        for (String f : FIXTURES) {
            byte[] full = Fixtures.bytes(f);
            for (int cut = 1; cut < full.length; cut += Math.max(1, full.length / 150)) {
                check(f + " cut at " + cut, Arrays.copyOf(full, cut));
            }
        }
    }

    @Test
    void changedBytesAreRejectedCleanly() {
        Random random = new Random(20240315L);
        byte[] alphabet = ":,/?<>0123456789CDRNX- \n&\"'\u0000".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        for (String f : FIXTURES) {
            byte[] full = Fixtures.bytes(f);
            for (int i = 0; i < 300; i++) {
                byte[] copy = full.clone();
                int changes = 1 + random.nextInt(3);
                for (int k = 0; k < changes; k++) {
                    copy[random.nextInt(copy.length)] = alphabet[random.nextInt(alphabet.length)];
                }
                check(f + " mutation " + i, copy);
            }
        }
    }

    private static void check(String what, byte[] content) {
        try {
            CollectingHandler h = new CollectingHandler();
            BankFiles.parse(new ByteArrayInputStream(content), "damaged", h, ParseOptions.defaults());
            assertThat(h.balanced()).as(what).isTrue();
        } catch (BankFileException e) {
            assertThat(e.problem()).as(what + ": " + e.getMessage()).doesNotStartWith("unreadable");
            assertThat(e.problem()).as(what).isNotBlank();
        }
    }
}
