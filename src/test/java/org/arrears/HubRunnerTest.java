package org.arrears;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.camel.main.Main;
import org.arrears.config.Hub;
import org.arrears.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `arrears run` reads the --config file it is given and puts its folders under --data-dir. */
class HubRunnerTest {

    @TempDir
    Path tmp;

    @Test
    void theHubRunsOnTheGivenConfigFileWithItsInboxUnderTheGivenDataFolder() throws Exception {
        String url = TestDatabase.freshUrl();
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path config = tmp.resolve("hub.properties");
        Files.writeString(config, Files.readString(Path.of("config/application.properties"))
                + "\narrears.db.url=" + url + "\narrears.db.user=postgres\narrears.company.name=Config File Test Ltd\n"
                + "arrears.token-secret=runner-test-secret-0123456789\narrears.planner.delay=3600000\n"
                + "camel.server.port=" + port + "\ncamel.management.enabled=false\n");
        Path data = tmp.resolve("data");

        Main main = HubRunner.create(config, data);
        main.start();
        try {
            Hub hub = main.getCamelContext().getRegistry().lookupByNameAndType("hub", Hub.class);
            assertThat(hub.settings().get("arrears.company.name")).isEqualTo("Config File Test Ltd");
            assertThat(hub.payments().inbox()).isEqualTo(data.resolve("inbox").resolve("payments"));
            assertThat(main.getCamelContext().getRoute("payments-inbox").getEndpoint().getEndpointUri())
                    .contains(data.resolve("inbox").resolve("payments").toString());
        } finally {
            main.stop();
        }
    }
}
