package org.arrears.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.arrears.outreach.DispatchStats;
import org.arrears.outreach.GatewayHealth;
import org.arrears.testing.HubFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Without an SMTP server messages go to the outbox folder; a folder that cannot take them loses nothing. */
class OutboxFolderTest {

    static final Instant NOON_LONDON = Instant.parse("2026-06-03T11:00:00Z");

    HubFixture f;

    @AfterEach
    void stop() {
        f.close();
    }

    @Test
    void aFailedWriteLeavesNoHalfWrittenFileReportsTheOutboxDownAndSendsLater() throws Exception {
        f = new HubFixture(NOON_LONDON, Map.of("arrears.policies", "src/test/resources/policies/flow"));
        for (String email : List.of("a@example.test", "b@example.test")) {
            long d = f.book.consumer(email, "Europe/London", "GB", email);
            f.book.invoice(d, "GBP", "75.00", LocalDate.of(2026, 5, 30));
        }
        f.hub.planner().plan(LocalDate.of(2026, 6, 3));
        Path outbox = f.dataDir.resolve("outbox/email");
        long first = f.book.queryLong("SELECT min(id) FROM communication");
        // the first message's file name is taken by a folder: writing works, putting the file in place fails
        Path blocker = Files.createDirectories(outbox.resolve(first + ".eml"));
        Files.writeString(blocker.resolve("keep"), "x");

        DispatchStats stats = f.hub.emailDispatcher().drain();

        assertThat(stats.get("PLANNED")).isEqualTo(2);
        try (Stream<Path> files = Files.list(outbox)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly(first + ".eml");
        }
        GatewayHealth health = f.hub.emailDispatcher().adapter().health();
        assertThat(health.up()).isFalse();
        assertThat(health.detail()).startsWith("cannot write to the outbox");
        assertThat(f.book.rows("SELECT DISTINCT status, last_error LIKE 'gateway unavailable: cannot write to the outbox%' "
                + "FROM communication")).containsExactly("PLANNED|t");

        Files.delete(blocker.resolve("keep"));
        Files.delete(blocker);
        f.clock.advance(Duration.ofMinutes(2));
        assertThat(f.hub.emailDispatcher().drain().get("SENT")).isEqualTo(2);
        assertThat(f.hub.emailDispatcher().adapter().health().up()).isTrue();
        try (Stream<Path> files = Files.list(outbox)) {
            assertThat(files.filter(p -> p.toString().endsWith(".eml"))).hasSize(2);
        }
    }
}
