package org.arrears.cli;

import java.util.concurrent.Callable;
import org.arrears.bench.CampaignBenchmark;
import org.arrears.bench.LetterBenchmark;
import org.arrears.bench.PaymentsBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks that compare the hub with a named baseline in the same run.",
        subcommands = {BenchCommand.Campaign.class, BenchCommand.Payments.class, BenchCommand.Sms.class,
                BenchCommand.Letters.class, BenchCommand.Mail.class, BenchCommand.Fuzz.class, BenchCommand.Faults.class,
                BenchCommand.Console.class})
final class BenchCommand {

    @ParentCommand
    ArrearsCli cli;

    @Command(name = "campaign", mixinStandardHelpOptions = true, description = "Plan, gate, render and send a campaign over SMTP to a local sink, "
            + "against a bare JavaMail loop over the same connections.")
    static final class Campaign implements Callable<Integer> {
        @ParentCommand
        BenchCommand bench;

        @Option(names = "--debtors", defaultValue = "100000", description = "campaign size (default ${DEFAULT-VALUE})")
        int debtors;

        @Option(names = "--connections", defaultValue = "4", description = "SMTP connections for both sides (default ${DEFAULT-VALUE})")
        int connections;

        @Option(names = "--sql-stats", description = "also print the hub's statements by database time (pg_stat_statements)")
        boolean sqlStats;

        @Option(names = "--smtp", paramLabel = "HOST:PORT", description = "send both sides to this SMTP server instead of "
                + "the in-process sink (for example Postfix's smtp-sink), to compare the hub with other tools on it")
        String smtp;

        @Option(names = "--dkim", description = "sign the hub's messages with DKIM (an RSA-2048 key made for the run)")
        boolean dkim;

        @Option(names = "--dkim-ed25519", description = "with --dkim: an Ed25519 signature as well")
        boolean ed25519;

        @Override
        public Integer call() throws Exception {
            org.arrears.bench.Throughput r = CampaignBenchmark.run(bench.cli.settings(), debtors, connections, sqlStats, smtp,
                    dkim, ed25519, System.out);
            System.out.println(r.line());
            return 0;
        }
    }

    @Command(name = "payments", mixinStandardHelpOptions = true, description = "Parse, match and post a generated camt.054 file against an AR book, "
            + "against PostgreSQL's own COPY of the same normalized rows.")
    static final class Payments implements Callable<Integer> {
        @ParentCommand
        BenchCommand bench;

        @Option(names = "--entries", defaultValue = "1000000", description = "payments in the file (default ${DEFAULT-VALUE})")
        int entries;

        @Option(names = "--invoices", defaultValue = "200000", description = "open invoices in the book (default ${DEFAULT-VALUE})")
        int invoices;

        @Override
        public Integer call() throws Exception {
            PaymentsBenchmark.Result r = PaymentsBenchmark.run(bench.cli.settings(), entries, invoices, System.out);
            System.out.println(r.line());
            return 0;
        }
    }

    @Command(name = "sms", mixinStandardHelpOptions = true, description = "Plan, gate, render and post texts through the "
            + "Twilio-profile HTTP gateway adapter to a local gateway stub, against a bare HttpClient 5 loop posting the "
            + "same pre-rendered requests over the same connections.")
    static final class Sms implements Callable<Integer> {
        @ParentCommand
        BenchCommand bench;

        @Option(names = "--messages", defaultValue = "100000", description = "texts (default ${DEFAULT-VALUE})")
        int messages;

        @Option(names = "--connections", defaultValue = "4", description = "HTTP connections for both sides (default ${DEFAULT-VALUE})")
        int connections;

        @Option(names = "--sql-stats", description = "also print the hub's statements by database time (pg_stat_statements)")
        boolean sqlStats;

        @Override
        public Integer call() throws Exception {
            org.arrears.bench.Throughput r = org.arrears.bench.SmsBenchmark.run(bench.cli.settings(), messages,
                    connections, sqlStats, System.out);
            System.out.println(r.line());
            return 0;
        }
    }

    @Command(name = "letters", mixinStandardHelpOptions = true, description = "Render letters to PDF/A-2b and write them in print "
            + "batches through the letter channel's sessions, against a bare openhtmltopdf loop on the same HTML.")
    static final class Letters implements Callable<Integer> {
        @ParentCommand
        BenchCommand bench;

        @Option(names = "--letters", defaultValue = "5000", description = "letters per side (default ${DEFAULT-VALUE})")
        int letters;

        @Option(names = "--threads", defaultValue = "2", description = "threads for both sides (default ${DEFAULT-VALUE})")
        int threads;

        @Override
        public Integer call() throws Exception {
            org.arrears.bench.Throughput r = LetterBenchmark.run(bench.cli.settings(), letters, threads, System.out);
            System.out.println(r.line());
            return 0;
        }
    }

    @Command(name = "mail", mixinStandardHelpOptions = true, description = "Classify inbound messages of the mailbox's "
            + "formats (bounces, a complaint, an automatic reply, a reply) through the mailbox's own path, on one thread.")
    static final class Mail implements Callable<Integer> {
        @ParentCommand
        BenchCommand bench;

        @Option(names = "--messages", defaultValue = "200000", description = "messages (default ${DEFAULT-VALUE})")
        int messages;

        @Option(names = "--dir", description = "cycle through the message files under this folder instead of the "
                + "built-in samples (for example a collection of real bounces)")
        java.nio.file.Path dir;

        @Override
        public Integer call() {
            System.out.println(org.arrears.bench.MailBenchmark.run(bench.cli.settings(), messages, dir, System.out));
            return 0;
        }
    }

    @Command(name = "fuzz", mixinStandardHelpOptions = true, description = "Feed every parser (bank formats, mail, SMS "
            + "webhook and gateway answers, delivery receipts, policies, CSV layouts) mutations of its seeds for a while "
            + "each; prints per target the inputs tried and the crashes found. Exit status 1 when any crashed.")
    static final class Fuzz implements Callable<Integer> {
        @ParentCommand
        BenchCommand bench;

        @Option(names = "--seconds", defaultValue = "60", description = "seconds per target (default ${DEFAULT-VALUE})")
        int seconds;

        @Option(names = "--seeds", description = "a folder of sample files to start from (repeatable), read in place")
        java.util.List<java.nio.file.Path> seeds = new java.util.ArrayList<>();

        @Option(names = "--target", description = "run only this target (repeatable)")
        java.util.Set<String> targets = new java.util.LinkedHashSet<>();

        @Option(names = "--crashes", description = "write each crash's shortest input to this folder")
        java.nio.file.Path crashes;

        @Option(names = "--input-limit", defaultValue = "10", description = "CPU seconds one input may take before it "
                + "counts as a hang (default ${DEFAULT-VALUE})")
        int inputLimit;

        @Option(names = "--random-seed", defaultValue = "13", description = "the mutations' random seed (default ${DEFAULT-VALUE})")
        long randomSeed;

        @Override
        public Integer call() throws Exception {
            if (seconds < 1) {
                throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--seconds must be at least 1");
            }
            java.util.List<org.arrears.bench.Fuzzer.Result> results = org.arrears.bench.FuzzBenchmark.run(
                    java.time.Duration.ofSeconds(seconds), java.time.Duration.ofSeconds(Math.max(1, inputLimit)), Long.MAX_VALUE,
                    seeds, targets, crashes, randomSeed, System.out);
            return results.stream().allMatch(r -> r.crashes().isEmpty()) ? 0 : 1;
        }
    }

    @Command(name = "faults", mixinStandardHelpOptions = true, description = "The fault suite's long version: hubs as "
            + "separate processes killed, and PostgreSQL, SMTP and folders broken under them; one line per scenario.")
    static final class Faults implements Callable<Integer> {
        @ParentCommand
        BenchCommand bench;

        @Option(names = "--short", description = "the CI profile (smaller campaigns, shorter faults) instead of the long one")
        boolean shortProfile;

        @Option(names = "--scenario", split = ",", description = "only these scenarios (default: all)")
        java.util.List<String> scenarios = new java.util.ArrayList<>();

        @Override
        public Integer call() throws Exception {
            int failed = org.arrears.bench.faults.FaultBenchmark.run(bench.cli.settings(), shortProfile
                    ? org.arrears.bench.faults.FaultSuite.Profile.ci() : org.arrears.bench.faults.FaultSuite.Profile.full(),
                    scenarios, System.out);
            return failed == 0 ? 0 : 1;
        }
    }

    @Command(name = "console", mixinStandardHelpOptions = true, description = "Seed a large book, then time the console's "
            + "worklist and debtor page and each report over it (median of warm runs).")
    static final class Console implements Callable<Integer> {
        @ParentCommand
        BenchCommand bench;

        @Option(names = "--debtors", defaultValue = "1000000", description = "debtors, one invoice each, and a tenth as many "
                + "open tasks (default ${DEFAULT-VALUE})")
        int debtors;

        @Override
        public Integer call() throws Exception {
            System.out.println(org.arrears.bench.ConsoleBenchmark.run(bench.cli.settings(), debtors, System.out).line());
            return 0;
        }
    }
}
