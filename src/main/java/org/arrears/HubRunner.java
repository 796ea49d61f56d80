package org.arrears;

import org.apache.camel.main.Main;

/** Starts the hub with its routes and keeps it running until stopped. */
public final class HubRunner {

    public static final String PROPERTY_LOCATIONS =
            "file:config/application.properties;optional=true,classpath:application.properties;optional=true";

    private HubRunner() {
    }

    /** Camel Main set up as `arrears run` uses it: config file, routes/ folder, the hub's beans. */
    public static Main create() {
        // no main class: an explicit configuration, not a package scan that would register it twice
        Main main = new Main();
        main.setDefaultPropertyPlaceholderLocation(PROPERTY_LOCATIONS);
        main.configure().addConfiguration(ArrearsCamelConfiguration.class);
        return main;
    }

    public static int run(String... args) throws Exception {
        return create().run(args);
    }
}
