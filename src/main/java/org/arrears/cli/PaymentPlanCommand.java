package org.arrears.cli;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;
import org.arrears.config.Hub;
import org.arrears.promises.PaymentPlans;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "add", mixinStandardHelpOptions = true, description = "Make a payment plan for a debtor: its instalments, "
        + "matched to the debtor's payments, with a PAYMENT_PLAN hold while it runs (README, \"Promises and payment plans\").")
final class PaymentPlanCommand implements Callable<Integer> {

    @ParentCommand
    PlanCommand plan;

    @Parameters(index = "0", paramLabel = "DEBTOR", description = "debtor id")
    long debtor;

    @Option(names = "--instalments", required = true, description = "the schedule as DATE:AMOUNT,DATE:AMOUNT,... or a "
            + "number of equal monthly instalments (with --total and --first; banker's rounding, the last takes the rest)")
    String instalments;

    @Option(names = "--total", description = "with a number of instalments: the agreed total")
    BigDecimal total;

    @Option(names = "--first", description = "with a number of instalments: the first due date, YYYY-MM-DD")
    LocalDate first;

    @Option(names = "--every-months", defaultValue = "1", description = "with a number of instalments: months between "
            + "them (default ${DEFAULT-VALUE})")
    int everyMonths;

    @Option(names = "--currency", required = true, description = "the plan's currency (ISO 4217)")
    String currency;

    @Option(names = "--grace-days", description = "days after an instalment's date before it counts as missed "
            + "(default arrears.plans.grace-days)")
    Integer graceDays;

    @Option(names = "--note", description = "free text kept with the plan (forbearance, waived interest: R47)")
    String note;

    @Option(names = "--by", description = "who agreed the plan (default: the user running the command)")
    String by;

    @Override
    public Integer call() {
        List<PaymentPlans.Instalment> schedule;
        if (instalments.trim().matches("\\d+")) {
            if (total == null || first == null) {
                throw new IllegalArgumentException("--instalments " + instalments.trim() + " needs --total and --first");
            }
            schedule = PaymentPlans.schedule(total, Integer.parseInt(instalments.trim()), first, everyMonths);
        } else {
            schedule = PaymentPlans.parse("--instalments", instalments);
        }
        try (Hub hub = Hub.start(plan.cli.settings(), Clock.systemUTC())) {
            int grace = graceDays != null ? graceDays : hub.settings().getInt("arrears.plans.grace-days", 3);
            PaymentPlans.Request r = new PaymentPlans.Request(debtor, currency, schedule, grace,
                    by != null ? by : System.getProperty("user.name"), note);
            long id = new PaymentPlans(hub.database().dataSource(), hub.holds()).create(r);
            System.out.println("payment plan " + id + " for debtor " + debtor + ": " + r.total() + " " + r.currency()
                    + " in " + schedule.size() + " instalments, " + grace + " grace days");
            schedule.forEach(i -> System.out.println("  " + i.due() + "  " + i.amount()));
        }
        return 0;
    }
}
