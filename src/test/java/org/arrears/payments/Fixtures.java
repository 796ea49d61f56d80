package org.arrears.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

/** Loads the hand-written fixtures under src/test/resources/bank and runs parsers over them. */
final class Fixtures {

    private Fixtures() {
    }

    static byte[] bytes(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/bank/" + name)) {
            assertThat(in).as("fixture %s", name).isNotNull();
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String text(String name) {
        return new String(bytes(name), StandardCharsets.UTF_8);
    }

    /** Parses bytes with default options and returns what the handler received. */
    static CollectingHandler parse(byte[] content, String name) throws BankFileException {
        return parse(content, name, ParseOptions.defaults());
    }

    static CollectingHandler parse(byte[] content, String name, ParseOptions options) throws BankFileException {
        CollectingHandler h = new CollectingHandler();
        BankFiles.parse(new ByteArrayInputStream(content), name, h, options);
        assertThat(h.balanced()).as("every statement was closed").isTrue();
        return h;
    }

    static CollectingHandler parse(String fixture) throws BankFileException {
        return parse(bytes(fixture), fixture);
    }

    static CollectingHandler parseText(String content, String name) throws BankFileException {
        return parse(content.getBytes(StandardCharsets.UTF_8), name);
    }

    static BankFileException rejection(byte[] content, String name) {
        BankFileException e = catchThrowableOfType(BankFileException.class, () -> parse(content, name));
        assertThat(e).as("%s is rejected", name).isNotNull();
        assertThat(e.fileName()).isEqualTo(name);
        assertThat(e.getMessage()).contains(name).contains(e.problem());
        return e;
    }

    static BankFileException rejection(String fixture) {
        return rejection(bytes(fixture), fixture);
    }

    static BankFileException rejectionOfText(String content, String name) {
        return rejection(content.getBytes(StandardCharsets.UTF_8), name);
    }

    static BigDecimal dec(String s) {
        return new BigDecimal(s);
    }
}
