package org.arrears.cli;

import java.io.PrintStream;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.Callable;
import org.arrears.db.Database;
import org.arrears.report.CreditorScope;
import org.arrears.report.DebtorTimeline;
import org.arrears.report.TextTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "debtor", mixinStandardHelpOptions = true, description = "One debtor.", subcommands = DebtorCommand.Show.class)
final class DebtorCommand {

    @ParentCommand
    ArrearsCli cli;

    @Command(name = "show", mixinStandardHelpOptions = true, description = "A debtor's open invoices with aging, contact "
            + "points with consent, quality and opt-outs, holds, and the timeline of everything that happened.")
    static final class Show implements Callable<Integer> {
        @ParentCommand
        DebtorCommand parent;

        @Parameters(index = "0", paramLabel = "ID", description = "debtor id")
        long id;

        @Option(names = "--as-of", paramLabel = "DATE", description = "aging date (default today, UTC)")
        LocalDate asOf;

        @Option(names = "--limit", defaultValue = "200", description = "timeline entries, newest first (default ${DEFAULT-VALUE})")
        int limit;

        @Override
        public Integer call() {
            LocalDate day = asOf == null ? LocalDate.now(ZoneOffset.UTC) : asOf;
            try (Database db = Database.open(parent.cli.settings()).migrate()) {
                DebtorTimeline d = new DebtorTimeline(db.dataSource());
                CreditorScope all = CreditorScope.all();
                if (!d.visible(id, all)) {
                    throw new IllegalArgumentException("debtor " + id + ": no such debtor");
                }
                PrintStream out = System.out;
                TextTable.print(d.debtor(id, all), out);
                out.println();
                TextTable.print(d.invoices(id, day, all), out);
                out.println();
                TextTable.print(d.contactPoints(id, all), out);
                out.println();
                TextTable.print(d.holds(id, all), out);
                out.println();
                TextTable.print(d.timeline(id, all, limit), out);
            }
            return 0;
        }
    }
}
