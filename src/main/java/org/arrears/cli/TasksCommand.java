package org.arrears.cli;

import java.util.concurrent.Callable;
import org.arrears.db.Database;
import org.arrears.report.ReportTable;
import org.arrears.report.Worklist;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "tasks", mixinStandardHelpOptions = true, description = "The worklist: open tasks by priority, with "
        + "debtor, amount at stake, age and owner.")
final class TasksCommand implements Callable<Integer> {

    @ParentCommand
    ArrearsCli cli;

    @Option(names = "--kind", description = "only tasks of this kind (ESCALATION, SUSPENSE, BROKEN_PROMISE, ...)")
    String kind;

    @Option(names = "--open", description = "only open tasks (the default; the worklist lists open tasks only)")
    boolean open;

    @Option(names = "--debtor", description = "only this debtor's tasks")
    Long debtor;

    @Option(names = "--limit", defaultValue = "50", description = "rows (default ${DEFAULT-VALUE})")
    int limit;

    @Option(names = "--offset", defaultValue = "0", description = "rows to skip (default ${DEFAULT-VALUE})")
    int offset;

    @Mixin
    ReportOutput output;

    @Override
    public Integer call() {
        Worklist.Query q = new Worklist.Query(kind, debtor, null, false, offset, limit);
        output.format();
        try (Database db = Database.open(cli.settings()).migrate()) {
            ReportTable t = new Worklist(db.dataSource()).page(q, output.scope(db.dataSource()));
            output.write(t);
        }
        return 0;
    }
}
