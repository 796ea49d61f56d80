package org.arrears.console;

import java.security.SecureRandom;
import java.util.List;
import org.arrears.config.Hub;

/** The demo's console user: a manager of every creditor with a fresh random password, printed by the demo. */
public final class DemoUser {

    public static final String NAME = "demo";

    private static final String ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789";

    /** The console's address and the demo login. */
    public record Login(String url, String name, String role, String password) {
    }

    private DemoUser() {
    }

    public static Login create(Hub hub) {
        SecureRandom random = new SecureRandom();
        StringBuilder pw = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            pw.append(i > 0 && i % 4 == 0 ? "-" : "").append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        ConsoleServices services = ConsoleServices.of(hub);
        services.users().add(NAME, Role.MANAGER, List.of(), pw.toString().toCharArray(), "demo");
        return new Login(url(hub), NAME, Role.MANAGER.label(), pw.toString());
    }

    /** Where the hub serves the console (camel.server.host and port). */
    static String url(Hub hub) {
        String host = hub.settings().get("camel.server.host", "127.0.0.1");
        String port = hub.settings().get("camel.server.port", "8080");
        return "http://" + (host.equals("0.0.0.0") ? "127.0.0.1" : host) + ":" + port + Console.BASE;
    }
}
