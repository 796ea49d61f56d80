package org.arrears.cli;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.Callable;
import org.arrears.db.Database;
import org.arrears.report.Aging;
import org.arrears.report.CreditorScope;
import org.arrears.report.ReportTable;
import org.arrears.report.Reports;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "report", mixinStandardHelpOptions = true, description = "Reports as a table, CSV or XLSX: aging, dso "
        + "(with best possible DSO and ADD), cei, campaign (effectiveness), placement (the R48 file), activity.")
final class ReportCommand implements Callable<Integer> {

    @ParentCommand
    ArrearsCli cli;

    @Parameters(index = "0", paramLabel = "REPORT", description = "aging, dso, cei, campaign, placement or activity")
    String report;

    @Option(names = "--as-of", paramLabel = "DATE", description = "the report's date, YYYY-MM-DD (default today, UTC)")
    LocalDate asOf;

    @Option(names = "--days", description = "the period ending on --as-of, for dso and cei (default 90), campaign and "
            + "activity (default 30)")
    Integer days;

    @Option(names = "--within", defaultValue = "7", description = "campaign: days after a message a payment is "
            + "attributed to it (default ${DEFAULT-VALUE})")
    int within;

    @Option(names = "--min-dpd", defaultValue = "60", description = "placement: debtors with an invoice at least this many "
            + "days past due (default ${DEFAULT-VALUE})")
    int minDpd;

    @Mixin
    ReportOutput output;

    @Override
    public Integer call() {
        Reports.Kind kind = Reports.Kind.parse(report);
        output.format(); // a bad --format fails before the database is opened
        LocalDate day = asOf == null ? LocalDate.now(ZoneOffset.UTC) : asOf;
        try (Database db = Database.open(cli.settings()).migrate()) {
            var ds = db.dataSource();
            CreditorScope scope = output.scope(ds);
            ReportTable t = Reports.table(ds, kind, new Reports.Params(day, days, within, minDpd,
                    Aging.parseBounds("arrears.reports.aging-buckets", cli.settings().get("arrears.reports.aging-buckets", null))),
                    scope);
            output.write(t);
        }
        return 0;
    }
}
