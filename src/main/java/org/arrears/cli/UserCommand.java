package org.arrears.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import org.arrears.console.ConsoleUser;
import org.arrears.console.Role;
import org.arrears.console.Users;
import org.arrears.db.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "user", mixinStandardHelpOptions = true, description = "Console users.", subcommands = {UserCommand.Add.class, UserCommand.Token.class})
final class UserCommand {

    /** Where a password comes from when no terminal asks for it: never a command-line argument (shell history). */
    static final String PASSWORD_ENV = "ARREARS_USER_PASSWORD";

    @ParentCommand
    ArrearsCli cli;

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Create a console user. The password is read "
            + "from the environment variable " + PASSWORD_ENV + " when set, else asked twice on the terminal, else read "
            + "as one line from standard input.")
    static final class Add implements Callable<Integer> {

        @ParentCommand
        UserCommand user;

        @Parameters(index = "0", paramLabel = "NAME", description = "the user name (lower case)")
        String name;

        @Option(names = "--role", required = true, description = "viewer, agent, manager or admin")
        String role;

        @Option(names = "--creditor", paramLabel = "CODE", description = "a creditor code the user may see (repeatable; "
                + "default: every creditor)")
        List<String> creditors;

        @Override
        public Integer call() throws IOException {
            Role r = Role.parse(role);
            char[] password = password();
            try (Database db = Database.open(user.cli.settings()).migrate()) {
                ConsoleUser u = new Users(db.dataSource(), Clock.systemUTC(), 5, Duration.ofMinutes(15))
                        .add(name, r, creditors, password, "cli:" + System.getProperty("user.name", "?"));
                System.out.println("user " + u.name() + " added: " + u.role().label() + ", creditors " + u.creditors());
            } finally {
                Arrays.fill(password, ' ');
            }
            return 0;
        }

        private static char[] password() throws IOException {
            String env = System.getenv(PASSWORD_ENV);
            if (env != null && !env.isEmpty()) {
                return env.toCharArray();
            }
            Console console = System.console();
            if (console != null) {
                char[] first = console.readPassword("Password: ");
                char[] again = console.readPassword("Password again: ");
                if (first == null || !Arrays.equals(first, again)) {
                    throw new IllegalArgumentException("password: the two entries differ");
                }
                return first;
            }
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (line == null || line.isEmpty()) {
                throw new IllegalArgumentException("password: set " + PASSWORD_ENV + ", or give it on the terminal or "
                        + "standard input");
            }
            return line.toCharArray();
        }
    }

    @Command(name = "token", mixinStandardHelpOptions = true, description = "Issue a bearer token of the JSON API (/api) to "
            + "a user and print it; only its hash is kept, so it is shown this once.")
    static final class Token implements Callable<Integer> {

        @ParentCommand
        UserCommand user;

        @Parameters(index = "0", paramLabel = "NAME", description = "the user name")
        String name;

        @Override
        public Integer call() {
            try (Database db = Database.open(user.cli.settings()).migrate()) {
                String token = new Users(db.dataSource(), Clock.systemUTC(), 5, Duration.ofMinutes(15))
                        .issueToken(name, "cli:" + System.getProperty("user.name", "?"));
                System.out.println(token);
            }
            return 0;
        }
    }
}
