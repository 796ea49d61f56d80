package org.arrears.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import org.arrears.config.Settings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded PostgreSQL: loopback only, a password kept in the data folder, shared with a second process. */
class EmbeddedDatabaseTest {

    @TempDir
    Path data;

    private Settings settings() {
        Map<String, String> values = Map.of("arrears.data-dir", data.toString(), "arrears.db.pool-size", "2",
                "arrears.db.embedded-shared-buffers", "32MB");
        return Settings.of(values::get, values::keySet, "test");
    }

    private int port() throws Exception {
        return Integer.parseInt(Files.readAllLines(data.resolve("postgres").resolve("postmaster.pid")).get(3).strip());
    }

    @Test
    void theEmbeddedServerListensOnLoopbackOnlyAndRefusesConnectionsWithoutItsPassword() throws Exception {
        try (Database db = Database.open(settings())) {
            try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SHOW listen_addresses")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("127.0.0.1");
            }
            Path passwordFile = data.resolve("postgres-password");
            assertThat(Files.getPosixFilePermissions(passwordFile)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
            String url = "jdbc:postgresql://127.0.0.1:" + port() + "/postgres";

            assertThatThrownBy(() -> connect(url, null)).isInstanceOf(SQLException.class).hasMessageContaining("password");
            assertThatThrownBy(() -> connect(url, "not-the-password")).isInstanceOf(SQLException.class)
                    .hasMessageContaining("password authentication failed");
            try (Connection c = connect(url, Files.readString(passwordFile).strip())) {
                assertThat(c.isValid(2)).isTrue();
            }
        }
    }

    @Test
    void theGeneratedPasswordSurvivesARestartAndASecondDatabaseOnTheSameFolderUsesTheRunningServer() throws Exception {
        try (Database first = Database.open(settings())) {
            assertThat(first.startedEmbeddedServer()).isTrue();
        }
        String password = Files.readString(data.resolve("postgres-password"));
        try (Database first = Database.open(settings()).migrate()) {
            assertThat(Files.readString(data.resolve("postgres-password"))).isEqualTo(password);
            try (Database second = Database.open(settings())) {
                assertThat(second.startedEmbeddedServer()).isFalse();
                assertThat(count(second, "SELECT count(*) FROM flyway_schema_history")).isPositive();
            }
            // closing the second left the server running for the first
            assertThat(count(first, "SELECT count(*) FROM debtor")).isZero();
        }
    }

    private static long count(Database db, String sql) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static Connection connect(String url, String password) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", "postgres");
        if (password != null) {
            p.setProperty("password", password);
        }
        return DriverManager.getConnection(url, p);
    }

}
