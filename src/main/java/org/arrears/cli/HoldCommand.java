package org.arrears.cli;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.concurrent.Callable;
import org.arrears.ar.Holds;
import org.arrears.config.Hub;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "hold", mixinStandardHelpOptions = true, description = "Place a hold on a debtor or one invoice (written back to the AR database "
        + "when arrears.ar.write-back.holds is set).")
final class HoldCommand implements Callable<Integer> {

    @ParentCommand
    ArrearsCli cli;

    @Option(names = "--debtor", required = true, description = "debtor id")
    long debtor;

    @Option(names = "--invoice", description = "invoice id (default: the whole debtor)")
    Long invoice;

    @Option(names = "--kind", required = true, description = "DISPUTE, PROMISE_TO_PAY, PAYMENT_PLAN, LEGAL or DO_NOT_CONTACT")
    String kind;

    @Option(names = "--reason", description = "free text kept with the hold")
    String reason;

    @Option(names = "--until", description = "last day of the hold, YYYY-MM-DD (default: until released)")
    LocalDate until;

    @Option(names = "--promised-amount", description = "for PROMISE_TO_PAY: the amount promised")
    BigDecimal promisedAmount;

    @Override
    public Integer call() {
        Holds.Request request = new Holds.Request(debtor, invoice, kind, reason, until, promisedAmount);
        try (Hub hub = Hub.start(cli.settings(), Clock.systemUTC())) {
            long id = hub.holds().place(request);
            System.out.println("hold " + id + " placed: " + request.kind() + " on debtor " + debtor
                    + (invoice == null ? "" : ", invoice " + invoice) + (until == null ? "" : ", until " + until));
        }
        return 0;
    }
}
