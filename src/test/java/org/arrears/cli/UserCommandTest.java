package org.arrears.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.arrears.console.Users;
import org.arrears.db.Database;
import org.arrears.testing.TestBook;
import org.arrears.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code arrears user add}: the password never on the command line, read from standard input here. */
class UserCommandTest {

    @TempDir
    Path tmp;

    @Test
    void userAddCreatesAUserWithItsRoleAndCreditorsWhosePasswordSignsIn() throws Exception {
        String url = TestDatabase.freshUrl();
        Path config = tmp.resolve("test.properties");
        Files.writeString(config, "arrears.db.url=" + url + "\narrears.db.user=postgres\narrears.data-dir=" + tmp + "\n");
        try (Database db = Database.of(url, "postgres", null, 2).migrate()) {
            new TestBook(db.dataSource()).execute("INSERT INTO creditor (id, code, legal_name) VALUES (2, 'acme-de', 'Acme GmbH')");
            StringWriter err = new StringWriter();
            int status = run(new String[] {"--config", config.toString(), "user", "add", "Greta", "--role", "manager",
                    "--creditor", "acme-de"}, "a long enough secret\n", err);
            assertThat(err.toString()).isEmpty();
            assertThat(status).isZero();
            TestBook book = new TestBook(db.dataSource());
            assertThat(book.queryString("SELECT role FROM console_user WHERE name = 'greta'")).isEqualTo("MANAGER");
            assertThat(book.queryLong("SELECT creditor_id FROM console_user_creditor")).isEqualTo(2);
            assertThat(book.queryString("SELECT password_hash FROM console_user")).startsWith("$argon2id$");
            assertThat(book.queryString("SELECT action FROM audit_log")).isEqualTo("user.add");
            Users users = new Users(db.dataSource(), Clock.systemUTC(), 5, Duration.ofMinutes(1));
            assertThat(users.signIn("greta", "a long enough secret".toCharArray()).outcome()).isEqualTo(Users.Outcome.OK);

            ByteArrayOutputStream printed = new ByteArrayOutputStream();
            assertThat(run(new String[] {"--config", config.toString(), "user", "token", "greta"}, "", new StringWriter(), printed))
                    .isZero();
            String token = printed.toString(StandardCharsets.UTF_8).strip();
            assertThat(token).startsWith("arr_");
            assertThat(users.byToken(token)).hasValueSatisfying(u -> assertThat(u.name()).isEqualTo("greta"));

            StringWriter again = new StringWriter();
            assertThat(run(new String[] {"--config", config.toString(), "user", "add", "greta", "--role", "admin"},
                    "a long enough secret\n", again)).isEqualTo(2);
            assertThat(again.toString()).contains("user name 'greta' is taken");
            StringWriter unknown = new StringWriter();
            assertThat(run(new String[] {"--config", config.toString(), "user", "add", "hans", "--role", "agent", "--creditor",
                    "nope"}, "a long enough secret\n", unknown)).isEqualTo(2);
            assertThat(unknown.toString()).contains("--creditor nope: no such creditor code");
            StringWriter role = new StringWriter();
            assertThat(run(new String[] {"--config", config.toString(), "user", "add", "hans", "--role", "boss"},
                    "a long enough secret\n", role)).isEqualTo(2);
            assertThat(role.toString()).contains("--role boss: must be viewer, agent, manager or admin");
        }
    }

    private static int run(String[] args, String stdin, StringWriter err) {
        return run(args, stdin, err, new ByteArrayOutputStream());
    }

    private static int run(String[] args, String stdin, StringWriter err, ByteArrayOutputStream stdout) {
        InputStream in = System.in;
        PrintStream out = System.out;
        System.setIn(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        System.setOut(new PrintStream(stdout, true, StandardCharsets.UTF_8));
        try {
            CommandLine cli = ArrearsCli.commandLine();
            cli.setErr(new PrintWriter(err, true));
            return cli.execute(args);
        } finally {
            System.setIn(in);
            System.setOut(out);
        }
    }
}
