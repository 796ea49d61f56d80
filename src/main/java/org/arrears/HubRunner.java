package org.arrears;

import org.apache.camel.main.Main;

/** Starts the hub with its routes and keeps it running until stopped. */
public final class HubRunner {

    public static final String PROPERTY_LOCATIONS =
            "file:config/application.properties;optional=true,classpath:application.properties;optional=true";

    private HubRunner() {
    }

    public static int run(String... args) throws Exception {
        Main main = new Main(HubRunner.class);
        main.setDefaultPropertyPlaceholderLocation(PROPERTY_LOCATIONS);
        main.configure().addConfiguration(ArrearsCamelConfiguration.class);
        return main.run(args);
    }
}
