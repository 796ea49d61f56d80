package org.arrears.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Map;
import org.arrears.config.ConfigException;
import org.arrears.config.Settings;
import org.arrears.db.DatabaseUnavailableException;
import org.arrears.outreach.TemplateException;
import org.arrears.policy.PolicyException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The `arrears` command line. Each subcommand is a small class in this package. */
@Command(name = "arrears", mixinStandardHelpOptions = true, version = "arrears 0.1.0",
        description = "Apache Camel hub for multi-channel debtor outreach.",
        subcommands = {RunCommand.class, DemoCommand.class, PlanCommand.class, PreviewCommand.class, MailCommand.class,
                DbCommand.class, SeedCommand.class, PaymentsCommand.class, BenchCommand.class, ArCommand.class,
                HoldCommand.class, RetentionCommand.class, EraseCommand.class, UserCommand.class, ReportCommand.class,
                TasksCommand.class, DebtorCommand.class})
public final class ArrearsCli {

    static final String DEFAULT_CONFIG = "config/application.properties";

    @Option(names = "--config", description = "properties file (default: ${DEFAULT-VALUE})", defaultValue = DEFAULT_CONFIG,
            scope = CommandLine.ScopeType.INHERIT)
    Path config;

    @Option(names = "--data-dir", description = "data folder: embedded database, outbox, inbox, secrets "
            + "(default: arrears.data-dir of the configuration)", scope = CommandLine.ScopeType.INHERIT)
    Path dataDir;

    /** The configuration file, which must exist unless it is the default one. */
    Path configFile() {
        if (!Files.isRegularFile(config) && !config.equals(Path.of(DEFAULT_CONFIG))) {
            throw new ConfigException("--config " + config + ": no such file");
        }
        return config;
    }

    /** Settings from the configuration file, environment and system properties, with --data-dir on top. */
    Settings settings() {
        Settings s = Settings.load(configFile());
        if (dataDir == null) {
            return s;
        }
        // a data folder that keeps its own creditors (the demo's) is read with them
        java.nio.file.Path creditors = dataDir.resolve("creditors");
        return java.nio.file.Files.isDirectory(creditors)
                ? s.with(Map.of("arrears.data-dir", dataDir.toString(), "arrears.creditors", creditors.toString()))
                : s.with(Map.of("arrears.data-dir", dataDir.toString()));
    }

    /** The command line with the error handling of {@link #main}: one line and exit status 2 for what a user fixes. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new ArrearsCli());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            String message = userError(e);
            if (message == null) {
                throw e;
            }
            cmd.getErr().println("arrears: " + message);
            return 2;
        });
        return cli;
    }

    /** The one-line message for an error a user can act on, or null for a defect (which keeps its stack trace). */
    static String userError(Throwable e) {
        if (e instanceof ConfigException || e instanceof PolicyException || e instanceof TemplateException
                || e instanceof IllegalArgumentException || e instanceof DatabaseUnavailableException) {
            // never "arrears: null": a JDK check without a message still says what it is
            return e.getMessage() != null ? e.getMessage() : e.toString();
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DatabaseUnavailableException) {
                return t.getMessage();
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null && sql.getSQLState().startsWith("08")) {
                return "lost the database connection: " + sql.getMessage() + " (check that the database server, or the "
                        + "hub that runs the embedded one, is still running, and run the command again)";
            }
        }
        return null;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
