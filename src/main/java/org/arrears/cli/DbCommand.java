package org.arrears.cli;

import java.util.concurrent.Callable;
import org.arrears.db.Database;
import org.flywaydb.core.Flyway;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(name = "db", description = "Database tasks.", subcommands = DbCommand.Migrate.class)
final class DbCommand {

    @ParentCommand
    ArrearsCli cli;

    @Command(name = "migrate", description = "Apply the schema migrations (Flyway) and print the schema version.")
    static final class Migrate implements Callable<Integer> {
        @ParentCommand
        DbCommand db;

        @Override
        public Integer call() {
            try (Database d = Database.open(db.cli.settings()).migrate()) {
                String version = Flyway.configure().dataSource(d.dataSource()).locations("classpath:db/migration").load()
                        .info().current().getVersion().getVersion();
                System.out.println("schema at version " + version);
            }
            return 0;
        }
    }
}
