package org.arrears.cli;

import java.util.concurrent.Callable;
import org.arrears.db.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "db", mixinStandardHelpOptions = true, description = "Database tasks.", subcommands = DbCommand.Migrate.class)
final class DbCommand {

    @ParentCommand
    ArrearsCli cli;

    @Command(name = "migrate", mixinStandardHelpOptions = true, description = "Apply the schema migrations (Flyway) and print the schema version.")
    static final class Migrate implements Callable<Integer> {
        @ParentCommand
        DbCommand db;

        @Override
        public Integer call() {
            try (Database d = Database.open(db.cli.settings()).migrate()) {
                System.out.println("schema " + d.schema() + " at version " + d.schemaVersion());
            }
            return 0;
        }
    }
}
