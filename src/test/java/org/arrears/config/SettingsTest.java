package org.arrears.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Where a setting's value comes from (file, environment, system property, overrides) and how bad values fail. */
class SettingsTest {

    /** System property names only this test sets, cleared after each test. */
    private static final String SYS_KEY = "arrears.settings-test.value";
    private static final String SYS_GROUP_KEY = "arrears.settings-test.group.b";

    @TempDir
    Path tmp;

    @AfterEach
    void clearSystemProperties() {
        System.clearProperty(SYS_KEY);
        System.clearProperty(SYS_GROUP_KEY);
    }

    private static Properties props(String... keyValues) {
        Properties p = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return p;
    }

    @Test
    void envNameIsUpperCaseWithDotsAndDashesAsUnderscores() {
        assertThat(Settings.envName("arrears.db.url")).isEqualTo("ARREARS_DB_URL");
        assertThat(Settings.envName("arrears.email.batch-size")).isEqualTo("ARREARS_EMAIL_BATCH_SIZE");
        assertThat(Settings.envName("arrears.compliance.window.CA-QC")).isEqualTo("ARREARS_COMPLIANCE_WINDOW_CA_QC");
    }

    @Test
    void theEnvironmentOverridesTheFile() {
        Settings s = Settings.withOverrides(
                props("arrears.db.url", "jdbc:postgresql://file/db", "arrears.email.batch-size", "200", "arrears.smtp.host", "mail.file"),
                Map.of("ARREARS_DB_URL", "jdbc:postgresql://env/db", "ARREARS_EMAIL_BATCH_SIZE", "50",
                        "arrears.smtp.host", "not-the-env-name"),
                "application.properties");

        assertThat(s.get("arrears.db.url")).isEqualTo("jdbc:postgresql://env/db");
        assertThat(s.getInt("arrears.email.batch-size", 1)).isEqualTo(50);
        assertThat(s.get("arrears.smtp.host")).as("only the upper-case name counts").isEqualTo("mail.file");
        assertThat(s.origin()).isEqualTo("application.properties");
    }

    @Test
    void theEnvironmentAlsoSuppliesKeysTheFileDoesNotHave() {
        Settings s = Settings.withOverrides(props(), Map.of("ARREARS_TOKEN_SECRET", "from-env"), "file");

        assertThat(s.get("arrears.token-secret")).isEqualTo("from-env");
        assertThat(s.get("arrears.unset")).isNull();
        assertThat(s.get("arrears.unset", "fallback")).isEqualTo("fallback");
    }

    @Test
    void aSystemPropertyWinsOverEnvironmentAndFile() {
        Settings s = Settings.withOverrides(props(SYS_KEY, "file"), Map.of(Settings.envName(SYS_KEY), "env"), "file");
        assertThat(s.get(SYS_KEY)).isEqualTo("env");

        System.setProperty(SYS_KEY, "system");

        assertThat(s.get(SYS_KEY)).isEqualTo("system");
    }

    @Test
    void valuesAreTrimmedAndBlankMeansUnset() {
        Settings s = Settings.withOverrides(props("arrears.a", "  padded  ", "arrears.b", "   ", "arrears.c", "x"),
                Map.of("ARREARS_C", ""), "file");

        assertThat(s.get("arrears.a")).isEqualTo("padded");
        assertThat(s.get("arrears.b")).isNull();
        assertThat(s.get("arrears.b", "fallback")).isEqualTo("fallback");
        assertThat(s.getInt("arrears.b", 7)).isEqualTo(7);
        assertThat(s.get("arrears.c")).as("an empty environment variable clears the file's value").isNull();
    }

    @Test
    void requireNamesTheKeyTheEnvironmentVariableAndTheOrigin() {
        Settings s = Settings.withOverrides(props("arrears.company.name", " "), Map.of(), "config/application.properties");

        assertThatThrownBy(() -> s.require("arrears.company.name"))
                .isInstanceOf(ConfigException.class)
                .hasMessage("config/application.properties: required setting 'arrears.company.name' "
                        + "(env ARREARS_COMPANY_NAME) is missing");
        assertThat(Settings.withOverrides(props(), Map.of("ARREARS_COMPANY_NAME", "Acme"), "f").require("arrears.company.name"))
                .isEqualTo("Acme");
    }

    @Test
    void integersBooleansAndDurations() {
        Settings s = Settings.withOverrides(props("arrears.n", "42", "arrears.yes", "TRUE", "arrears.no", "false",
                "arrears.seconds", "90", "arrears.iso", "PT5M"), Map.of(), "file");

        assertThat(s.getInt("arrears.n", 0)).isEqualTo(42);
        assertThat(s.getInt("arrears.missing", 3)).isEqualTo(3);
        assertThat(s.getBoolean("arrears.yes", false)).isTrue();
        assertThat(s.getBoolean("arrears.no", true)).isFalse();
        assertThat(s.getBoolean("arrears.missing", true)).isTrue();
        assertThat(s.getDuration("arrears.seconds", Duration.ZERO)).isEqualTo(Duration.ofSeconds(90));
        assertThat(s.getDuration("arrears.iso", Duration.ZERO)).isEqualTo(Duration.ofMinutes(5));
        assertThat(s.getDuration("arrears.missing", Duration.ofHours(1))).isEqualTo(Duration.ofHours(1));
    }

    @Test
    void aBadIntegerNamesTheKeyAndTheValue() {
        Settings s = Settings.withOverrides(props("arrears.email.batch-size", "lots"), Map.of(), "app.properties");

        assertThatThrownBy(() -> s.getInt("arrears.email.batch-size", 200))
                .isInstanceOf(ConfigException.class)
                .hasMessage("app.properties: setting 'arrears.email.batch-size' must be a whole number, got 'lots'");
    }

    @Test
    void aBadBooleanNamesTheKeyAndTheValue() {
        Settings s = Settings.withOverrides(props(), Map.of("ARREARS_SMTP_STARTTLS", "yes"), "app.properties");

        assertThatThrownBy(() -> s.getBoolean("arrears.smtp.starttls", false))
                .isInstanceOf(ConfigException.class)
                .hasMessage("app.properties: setting 'arrears.smtp.starttls' must be true or false, got 'yes'");
    }

    @Test
    void aBadDurationNamesTheKeyAndTheValue() {
        Settings s = Settings.withOverrides(props("arrears.smtp.timeout", "30s"), Map.of(), "app.properties");

        assertThatThrownBy(() -> s.getDuration("arrears.smtp.timeout", Duration.ofSeconds(30)))
                .isInstanceOf(ConfigException.class)
                .hasMessage("app.properties: setting 'arrears.smtp.timeout' must be a duration like PT30S, got '30s'");
    }

    @Test
    void withReplacesSomeValuesAndKeepsTheRest() {
        Settings base = Settings.withOverrides(props("arrears.a", "file-a", "arrears.b", "file-b"),
                Map.of("ARREARS_B", "env-b"), "file");
        Map<String, String> overrides = new HashMap<>();
        overrides.put("arrears.a", "override-a");
        overrides.put("arrears.new", "override-new");
        overrides.put("arrears.cleared", null);

        Settings s = base.with(overrides);

        assertThat(s.get("arrears.a")).isEqualTo("override-a");
        assertThat(s.get("arrears.b")).isEqualTo("env-b");
        assertThat(s.get("arrears.new")).isEqualTo("override-new");
        assertThat(s.get("arrears.cleared")).isNull();
        assertThat(s.origin()).isEqualTo("file");
        assertThat(base.get("arrears.a")).as("the original is unchanged").isEqualTo("file-a");
        assertThat(base.with(Map.of("arrears.b", "")).get("arrears.b", "fallback")).isEqualTo("fallback");
    }

    @Test
    void withPrefixGathersAGroupWithEffectiveValues() {
        System.setProperty(SYS_GROUP_KEY, "system-b");
        Settings s = Settings.withOverrides(props("arrears.settings-test.group.a", "file-a",
                        "arrears.settings-test.group.c", "file-c", "arrears.settings-test.other", "x",
                        "arrears.settings-test.group.blank", ""),
                Map.of("ARREARS_SETTINGS_TEST_GROUP_C", "env-c"), "file")
                .with(Map.of("arrears.settings-test.group.d", "override-d"));

        Properties group = s.withPrefix("arrears.settings-test.group.");

        assertThat(group).containsOnly(
                Map.entry("arrears.settings-test.group.a", "file-a"),
                Map.entry("arrears.settings-test.group.b", "system-b"),
                Map.entry("arrears.settings-test.group.c", "env-c"),
                Map.entry("arrears.settings-test.group.d", "override-d"));
    }

    @Test
    void loadReadsTheFileAndToleratesAMissingOne() throws IOException {
        Path file = Files.writeString(tmp.resolve("application.properties"), """
                # comment
                arrears.settings-test.loaded = yes
                arrears.db.pool-size=4
                """);

        Settings s = Settings.load(file);
        Settings none = Settings.load(tmp.resolve("missing.properties"));

        assertThat(s.get("arrears.settings-test.loaded")).isEqualTo("yes");
        assertThat(s.origin()).isEqualTo(file.toString());
        assertThat(none.get("arrears.settings-test.loaded")).isNull();
        assertThat(none.origin()).isEqualTo(tmp.resolve("missing.properties").toString());
    }

    @Test
    void theProjectsConfigurationReadsCleanly() {
        Settings s = Settings.load(Path.of("config/application.properties"));

        assertThat(s.require("arrears.company.name")).isNotBlank();
        assertThat(s.require("arrears.email.from")).contains("@");
        assertThat(s.getInt("arrears.db.pool-size", 0)).isPositive();
        assertThat(s.getDuration("arrears.smtp.timeout", Duration.ZERO)).isPositive();
        assertThat(s.getBoolean("arrears.smtp.starttls", true)).isFalse();
        assertThat(s.withPrefix("arrears.compliance.")).containsKeys("arrears.compliance.window.default",
                "arrears.compliance.cap.email");
    }
}
