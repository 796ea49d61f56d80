package org.arrears.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.arrears.cli.ArrearsCli;
import org.arrears.db.Database;
import org.arrears.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Settings the hub refuses at startup, each with one line that names the setting and the problem. */
class StartupChecksTest {

    static String url;
    static Database db;

    @TempDir
    Path tmp;

    @BeforeAll
    static void database() {
        url = TestDatabase.freshUrl();
        db = Database.of(url, "postgres", null, 3).migrate();
    }

    @AfterAll
    static void close() {
        db.close();
    }

    private Settings settings(Map<String, String> overrides) {
        Map<String, String> all = new HashMap<>();
        all.put("arrears.data-dir", tmp.toString());
        all.put("arrears.token-secret", "test-secret-0123456789abcdef");
        all.putAll(overrides);
        return Settings.load(Path.of("config/application.properties")).with(all);
    }

    private void assertRefused(String key, String value, String problem) {
        assertThatThrownBy(() -> Hub.over(db, settings(Map.of(key, value)), Clock.systemUTC()))
                .as("%s=%s", key, value)
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("setting '" + key + "'")
                .hasMessageContaining(problem);
    }

    @Test
    void emailWorkersZeroStopsTheCommandWithOneLineNamingTheSettingNotNull() throws IOException {
        Path config = tmp.resolve("application.properties");
        Files.writeString(config, Files.readString(Path.of("config/application.properties")) + "\narrears.db.url=" + url
                + "\narrears.db.user=postgres\narrears.data-dir=" + tmp + "\narrears.token-secret=cli-test-secret-0123456789"
                + "\narrears.email.workers=0\n");
        StringWriter err = new StringWriter();
        CommandLine cli = ArrearsCli.commandLine();
        cli.setErr(new PrintWriter(err, true));

        int status = cli.execute("--config", config.toString(), "plan", "--dry-run");

        assertThat(status).isEqualTo(2);
        assertThat(err.toString().strip()).isEqualTo("arrears: " + config + ": setting 'arrears.email.workers' must be at least 1, got 0");
    }

    @Test
    void negativeOrZeroSizesAndAttemptsStopStartupNamingTheSetting() {
        assertRefused("arrears.email.batch-size", "-5", "must be at least 1, got -5");
        assertRefused("arrears.email.max-attempts", "-1", "must be at least 1, got -1");
        assertRefused("arrears.email.workers", "0", "must be at least 1, got 0");
        assertRefused("arrears.outbox.record-every", "0", "must be at least 1, got 0");
        assertRefused("arrears.planner.chunk-debtors", "-10", "must be at least 1, got -10");
        assertRefused("arrears.planner.statement-timeout", "PT0S", "must be longer than zero");
    }

    @Test
    void aLineBreakInAMailHeaderSettingStopsStartupNamingTheSetting() {
        assertRefused("arrears.email.from", "Arrears <billing@example.test>\r\nBcc: everyone@example.test", "line break");
        assertRefused("arrears.email.reply-to", "billing@example.test\nBcc: everyone@example.test", "line break");
        assertRefused("arrears.email.bounce-domain", "example.test\rX-Injected: 1", "line break");
    }
}
