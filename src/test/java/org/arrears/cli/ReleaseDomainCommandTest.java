package org.arrears.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.arrears.db.Database;
import org.arrears.testing.TestBook;
import org.arrears.testing.TestDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** `mail release-domain`: a person lifts a reputation hold, and who and when are kept. */
class ReleaseDomainCommandTest {

    Database db;
    TestBook book;
    Path config;

    @BeforeEach
    void setUp() throws Exception {
        String url = TestDatabase.freshUrl();
        db = Database.of(url, "postgres", null, 3).migrate();
        book = new TestBook(db.dataSource());
        Path dir = Files.createTempDirectory("arrears-cli-");
        config = dir.resolve("application.properties");
        Files.writeString(config, Files.readString(Path.of("config/application.properties")) + "\narrears.db.url=" + url
                + "\narrears.db.user=postgres\narrears.data-dir=" + dir + "\narrears.token-secret=cli-test-secret-0123456789\n");
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    record Result(int status, String out) {
    }

    Result run(String... args) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            int status = new CommandLine(new ArrearsCli()).execute(args);
            return new Result(status, buffer.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(original);
        }
    }

    @Test
    void releasingAHeldDomainRecordsWhoAndWhenAndASecondReleaseFindsNothingHeld() {
        book.execute("INSERT INTO sender_hold (domain, reason, sent, complaints, hard_bounces, window_start, placed_at) "
                + "VALUES ('acme.example', 'COMPLAINT_RATE', 400, 5, 0, now() - interval '7 days', now())");

        Result r = run("--config", config.toString(), "mail", "release-domain", "acme.example", "--by", "Dana Ops",
                "--note", "list cleaned");

        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("acme.example released by Dana Ops: its email goes again");
        assertThat(book.queryString("SELECT released_by || ' / ' || release_note || ' / ' || (released_at IS NOT NULL) "
                + "FROM sender_hold")).isEqualTo("Dana Ops / list cleaned / true");

        Result again = run("--config", config.toString(), "mail", "release-domain", "acme.example", "--by", "Dana Ops");
        assertThat(again.status()).isEqualTo(1);
        assertThat(again.out()).contains("acme.example is not held: nothing released");
    }
}
