package org.arrears.cli;

import java.time.LocalDate;
import java.util.concurrent.Callable;
import org.arrears.db.Database;
import org.arrears.demo.BookSeeder;
import org.arrears.demo.SeedReport;
import org.arrears.demo.SeedSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "seed", mixinStandardHelpOptions = true, description = "Add a generated AR book (debtors, contacts, invoices, holds) to the database.")
final class SeedCommand implements Callable<Integer> {

    @ParentCommand
    ArrearsCli cli;

    @Option(names = "--debtors", defaultValue = "1000", description = "how many debtors (default ${DEFAULT-VALUE})")
    int debtors;

    @Option(names = "--seed", defaultValue = "42", description = "random seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--profile", defaultValue = "REALISTIC", description = "REALISTIC or UNIFORM (default ${DEFAULT-VALUE})")
    SeedSpec.Profile profile;

    @Option(names = "--date", description = "the book's as-of date (default today)")
    LocalDate date;

    @Override
    public Integer call() {
        try (Database db = Database.open(cli.settings()).migrate()) {
            SeedReport r = new BookSeeder().seed(db.dataSource(),
                    new SeedSpec(debtors, seed, date == null ? LocalDate.now() : date, profile));
            System.out.println(r);
        }
        return 0;
    }
}
