package org.arrears.cli;

import java.nio.file.Path;
import org.arrears.config.ConfigException;
import org.arrears.config.Settings;
import org.arrears.outreach.TemplateException;
import org.arrears.policy.PolicyException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The `arrears` command line. Each subcommand is a small class in this package. */
@Command(name = "arrears", mixinStandardHelpOptions = true, version = "arrears 0.1.0",
        description = "Apache Camel hub for multi-channel debtor outreach.",
        subcommands = {RunCommand.class, DemoCommand.class, PlanCommand.class, PreviewCommand.class,
                DbCommand.class, SeedCommand.class, PaymentsCommand.class, BenchCommand.class, ArCommand.class,
                HoldCommand.class})
public final class ArrearsCli {

    @Option(names = "--config", description = "properties file (default: ${DEFAULT-VALUE})", defaultValue = "config/application.properties",
            scope = CommandLine.ScopeType.INHERIT)
    Path config;

    Settings settings() {
        return Settings.load(config);
    }

    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new ArrearsCli());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof ConfigException || e instanceof PolicyException || e instanceof TemplateException
                    || e instanceof IllegalArgumentException) {
                cmd.getErr().println("arrears: " + e.getMessage());
                return 2;
            }
            throw e;
        });
        System.exit(cli.execute(args));
    }
}
