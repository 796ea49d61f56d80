package org.arrears;

import java.nio.file.Path;
import org.apache.camel.main.Main;
import org.arrears.email.dkim.StartupSenderCheck;

/** Starts the hub with its routes and keeps it running until stopped. */
public final class HubRunner {

    public static final Path DEFAULT_CONFIG = Path.of("config/application.properties");

    private HubRunner() {
    }

    /** Camel Main set up as `arrears run` uses it with the default config file. */
    public static Main create() {
        return create(DEFAULT_CONFIG, null);
    }

    /**
     * Camel Main set up as `arrears run` uses it: the config file, the routes/ folder, the hub's beans.
     *
     * @param dataDir the data folder overriding arrears.data-dir, or null
     */
    public static Main create(Path config, Path dataDir) {
        // no main class: an explicit configuration, not a package scan that would register it twice
        Main main = new Main();
        main.setDefaultPropertyPlaceholderLocation("file:" + config + ";optional=true,classpath:application.properties;optional=true");
        main.configure().addConfiguration(new ArrearsCamelConfiguration(config.toString()));
        if (dataDir != null) {
            main.addOverrideProperty("arrears.data-dir", dataDir.toString());
        }
        return main;
    }

    public static int run(Path config, Path dataDir) throws Exception {
        StartupSenderCheck.start(org.arrears.config.Settings.load(config));
        return create(config, dataDir).run(new String[0]);
    }
}
