package org.arrears.payments;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.arrears.testing.HubFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A quarantine folder that cannot be written: a clear error naming it, the file kept in the inbox, the inbox DOWN. */
class PaymentsInboxFolderFaultTest {

    HubFixture fx;

    @AfterEach
    void close() {
        fx.close();
    }

    @Test
    void aQuarantineFolderThatCannotBeWrittenKeepsTheFileInTheInboxAndTurnsTheInboxDownUntilItCanBe() throws Exception {
        Path quarantine = Files.createTempDirectory("arrears-q-").resolve("quarantine");
        Files.writeString(quarantine, "its place is taken by a file");
        fx = new HubFixture(Instant.parse("2026-12-01T10:00:00Z"), Map.of("arrears.payments.quarantine", quarantine.toString()));
        PaymentInbox inbox = fx.hub.payments();
        Files.createDirectories(inbox.inbox());
        Path bad = inbox.inbox().resolve("broken.xml");
        Files.writeString(bad, "<Document xmlns=\"urn:iso:std:iso:20022:tech:xsd:camt.054.001.02\">");

        assertThatThrownBy(() -> inbox.process(bad.toString())).isInstanceOf(IOException.class)
                .hasMessageContaining("cannot write to the quarantine folder " + quarantine)
                .hasMessageContaining("broken.xml stays in the inbox");
        assertThat(bad).exists();
        PaymentsInboxHealth.Report down = inbox.health().report();
        assertThat(down.up()).isFalse();
        assertThat(down.message()).startsWith("cannot write to the quarantine folder");

        Files.delete(quarantine);
        inbox.process(bad.toString());
        assertThat(quarantine.resolve("broken.xml")).exists();
        assertThat(inbox.health().report().up()).isTrue();
    }
}
