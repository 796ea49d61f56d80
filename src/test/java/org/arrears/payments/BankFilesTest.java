package org.arrears.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BankFilesTest {

    @TempDir
    Path dir;

    @Test
    void parsesAPathAndReportsItsFormat() throws Exception {
        Path p = dir.resolve("whatever.dat");
        Files.write(p, Fixtures.bytes("bai2-continuation.bai2"));
        CollectingHandler h = new CollectingHandler();
        assertThat(BankFiles.parse(p, h)).isEqualTo(BankFormat.BAI2);
        assertThat(h.entries()).hasSize(3);
    }

    @Test
    void handlerExceptionsPassThroughUnchanged() {
        PaymentFileHandler failing = new CollectingHandler() {
            @Override
            public void entry(PaymentEntry entry) {
                throw new IllegalStateException("database down");
            }
        };
        assertThatThrownBy(() -> BankFiles.parse(new ByteArrayInputStream(Fixtures.bytes("nacha-returns.ach")),
                "r.ach", null, failing))
                .isInstanceOf(IllegalStateException.class).hasMessage("database down");
    }

    @Test
    void emptyFileIsRejected() throws Exception {
        Path p = dir.resolve("empty.sta");
        Files.write(p, new byte[0]);
        BankFileException e = org.assertj.core.api.Assertions.catchThrowableOfType(BankFileException.class,
                () -> BankFiles.parse(p, new CollectingHandler()));
        assertThat(e.problem()).isEqualTo("empty file");
        assertThat(e.getMessage()).isEqualTo("empty.sta: empty file");
    }

    @Test
    void exceptionMessageCombinesFileLocationAndProblem() {
        BankFileException e = new BankFileException("a.xml", "/Document/X[2]", "bad");
        assertThat(e.getMessage()).isEqualTo("a.xml, /Document/X[2]: bad");
        assertThat(e.fileName()).isEqualTo("a.xml");
        assertThat(e.location()).isEqualTo("/Document/X[2]");
        assertThat(e.problem()).isEqualTo("bad");
    }
}
