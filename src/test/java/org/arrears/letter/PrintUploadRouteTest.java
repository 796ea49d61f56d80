package org.arrears.letter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.camel.ServiceStatus;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.sftp.server.AbstractSftpEventListenerAdapter;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.apache.sshd.server.session.ServerSession;
import org.arrears.config.ConfigException;
import org.arrears.config.Settings;
import org.arrears.db.Database;
import org.arrears.testing.LogCapture;
import org.arrears.testing.RunningHub;
import org.arrears.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The print-upload route of a running hub against an in-process SFTP server (Apache MINA SSHD) with a password
 * login and strict host key checking: a finished batch arrives PDF, manifests and last its marker, and moves to sent/.
 */
class PrintUploadRouteTest {

    static final String PASSWORD = "pr1nt&vendor+pw=%";

    @TempDir
    Path tmp;

    @Test
    void aFinishedBatchIsUploadedMarkerLastAndMovedToSent() throws Exception {
        Path remote = Files.createDirectories(tmp.resolve("vendor/incoming"));
        List<String> closed = Collections.synchronizedList(new ArrayList<>());
        SshServer sshd = SshServer.setUpDefaultServer();
        sshd.setHost("127.0.0.1");
        sshd.setPort(0);
        sshd.setKeyPairProvider(new SimpleGeneratorHostKeyProvider(tmp.resolve("host-key.ser")));
        sshd.setPasswordAuthenticator((user, password, session) -> user.equals("acme") && password.equals(PASSWORD));
        sshd.setFileSystemFactory(new VirtualFileSystemFactory(tmp.resolve("vendor")));
        SftpSubsystemFactory sftp = new SftpSubsystemFactory.Builder().build();
        sftp.addSftpEventListener(new AbstractSftpEventListenerAdapter() {
            @Override
            public void moved(ServerSession session, Path src, Path dst, java.util.Collection<java.nio.file.CopyOption> opts,
                              Throwable thrown) {
                closed.add(dst.getFileName().toString());
            }
        });
        sshd.setSubsystemFactories(List.of(sftp));
        sshd.start();
        try {
            KeyPair host = sshd.getKeyPairProvider().loadKeys(null).iterator().next();
            Path knownHosts = Files.writeString(tmp.resolve("known_hosts"),
                    "[127.0.0.1]:" + sshd.getPort() + " " + PublicKeyEntry.toString(host.getPublic()) + "\n");

            Path outbox = Files.createDirectories(tmp.resolve("print"));
            writeBatch(outbox, "b-1");

            String url = TestDatabase.freshUrl();
            try (Database db = Database.of(url, "postgres", null, 3).migrate();
                 LogCapture logs = LogCapture.start();
                 RunningHub running = RunningHub.start(url, Map.of("arrears.letter.outbox", outbox.toString(),
                         "arrears.letter.sftp.host", "127.0.0.1", "arrears.letter.sftp.port", String.valueOf(sshd.getPort()),
                         "arrears.letter.sftp.user", "acme", "arrears.letter.sftp.password", PASSWORD,
                         "arrears.letter.sftp.directory", "incoming", "arrears.letter.sftp.known-hosts", knownHosts.toString(),
                         "arrears.letter.sftp.poll-delay", "200", "arrears.planner.delay", "3600000",
                         "camel.management.enabled", "false"))) {
                assertThat(running.context().getRouteController().getRouteStatus("print-upload")).isEqualTo(ServiceStatus.Started);

                await().atMost(Duration.ofSeconds(30)).until(() -> Files.exists(outbox.resolve("sent/b-1.done")));

                try (Stream<Path> files = Files.list(remote)) {
                    assertThat(files.map(p -> p.getFileName().toString()).sorted())
                            .containsExactly("b-1.csv", "b-1.done", "b-1.json", "b-1.pdf");
                }
                assertThat(closed).as("each file is renamed into place after its upload, the marker last")
                        .containsExactly("b-1.pdf", "b-1.csv", "b-1.json", "b-1.done");
                assertThat(Files.readAllBytes(remote.resolve("b-1.pdf"))).isEqualTo(Files.readAllBytes(outbox.resolve("sent/b-1.pdf")));
                try (Stream<Path> left = Files.list(outbox)) {
                    assertThat(left.map(p -> p.getFileName().toString())).containsExactly("sent");
                }
                assertThat(logs.text()).contains("print batch b-1 uploaded to 127.0.0.1").doesNotContain(PASSWORD)
                        .doesNotContain("pr1nt");
            }
        } finally {
            sshd.stop(true);
        }
    }

    @Test
    void anUploadWithoutAKnownHostsFileOrCredentialsStopsStartupNamingTheKey() throws Exception {
        Settings base = Settings.load(Path.of("config/application.properties"));
        LetterSettings letters = LetterSettings.from(base);
        assertThatThrownBy(() -> PrintUpload.from(base.with(Map.of("arrears.letter.sftp.host", "print.example",
                "arrears.letter.sftp.user", "acme", "arrears.letter.sftp.password", "x")), letters))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'arrears.letter.sftp.known-hosts'");
        Path knownHosts = Files.writeString(tmp.resolve("known_hosts"), "");
        assertThatThrownBy(() -> PrintUpload.from(base.with(Map.of("arrears.letter.sftp.host", "print.example",
                "arrears.letter.sftp.user", "acme", "arrears.letter.sftp.known-hosts", knownHosts.toString())), letters))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'arrears.letter.sftp.password' or 'arrears.letter.sftp.private-key-file'");
        assertThat(PrintUpload.from(base, letters).enabled()).isFalse();
    }

    /** A real print batch of one letter, as the letter adapter's commit writes it. */
    static void writeBatch(Path outbox, String id) throws Exception {
        LetterRenderer renderer = new LetterRenderer(LetterRendererTest.TEMPLATES, LetterRendererTest.MODEL);
        new PrintBatchWriter(outbox, PrintBatchWriter.Sides.SIMPLEX).write(id, List.of(new PrintBatchWriter.Entry(
                LetterRendererTest.ALICE, renderer.render(LetterRendererTest.letter(801, EnvelopeLayout.DIN_5008_B,
                        LetterRendererTest.ALICE, 1)), "standard")));
    }
}
