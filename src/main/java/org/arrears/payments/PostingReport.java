package org.arrears.payments;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What posting one bank file did: entry counts by outcome and by match method, amounts per currency, and the
 * effects on invoices and outreach. Kept as JSON on the file's {@code bank_file} row and printed by the CLI.
 *
 * <p>Counts: {@code entries} (all entries in the file), {@code received} (money-in entries posted),
 * {@code matched} by method ({@code REFERENCE}, {@code INVOICE_NUMBER}, {@code ACCOUNT_AMOUNT}, {@code NAME_AMOUNT}),
 * {@code partial} (applied, leaving an invoice partly open), {@code overpaid} (part became a credit),
 * {@code suspense}, {@code returned} (returns and reversals that found the payment they undo), {@code debits}
 * (money out that is no debtor payment), {@code notices}, {@code duplicates} (entries seen before), {@code ignored}
 * (zero amounts without a code), {@code debtorsCredited}, {@code invoicesPaid}, {@code invoicesPartlyPaid},
 * {@code invoicesReopened}, {@code communicationsCancelled}, {@code promisesKept}, {@code tasks} (all tasks the file
 * created), and by kind {@code suspenseTasks} (one per file, listing its entries in suspense), {@code creditTasks}
 * (one per file, listing its overpayments), {@code disputeTasks} (one per payment applied to a disputed invoice),
 * {@code returnTasks}, {@code noticeTasks}. Amounts per currency: {@code received}, {@code applied},
 * {@code credited}, {@code suspense}, {@code returned}.
 */
public final class PostingReport {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String fileName;
    private final String format;
    private final String sha256;
    private final long bankFileId;
    private final int statements;
    private final Map<String, Long> counts = new LinkedHashMap<>();
    private final Map<String, Long> matched = new LinkedHashMap<>();
    private final Map<String, Map<String, BigDecimal>> amounts = new LinkedHashMap<>();

    PostingReport(String fileName, String format, String sha256, long bankFileId, int statements) {
        this.fileName = fileName;
        this.format = format;
        this.sha256 = sha256;
        this.bankFileId = bankFileId;
        this.statements = statements;
        for (String k : new String[] {"entries", "received", "partial", "overpaid", "suspense", "returned", "debits",
                "notices", "duplicates", "ignored", "debtorsCredited", "invoicesPaid", "invoicesPartlyPaid",
                "invoicesReopened", "communicationsCancelled", "promisesKept", "tasks", "suspenseTasks", "creditTasks",
                "disputeTasks", "returnTasks", "noticeTasks"}) {
            counts.put(k, 0L);
        }
        for (String m : new String[] {"REFERENCE", "INVOICE_NUMBER", "ACCOUNT_AMOUNT", "NAME_AMOUNT"}) {
            matched.put(m, 0L);
        }
        for (String a : new String[] {"received", "applied", "credited", "suspense", "returned"}) {
            amounts.put(a, new TreeMap<>());
        }
    }

    void add(String count, long n) {
        counts.merge(count, n, Long::sum);
    }

    void addMatched(String method, long n) {
        matched.merge(method, n, Long::sum);
    }

    void addAmount(String measure, String currency, BigDecimal amount) {
        if (amount != null && amount.signum() != 0) {
            amounts.get(measure).merge(currency.trim(), amount, BigDecimal::add);
        }
    }

    public String fileName() {
        return fileName;
    }

    public String format() {
        return format;
    }

    public String sha256() {
        return sha256;
    }

    public long bankFileId() {
        return bankFileId;
    }

    public int statements() {
        return statements;
    }

    /** A count by name (see the class comment); 0 when unknown. */
    public long count(String name) {
        return counts.getOrDefault(name, 0L);
    }

    /** Entries matched by a method. */
    public long matched(String method) {
        return matched.getOrDefault(method, 0L);
    }

    /** All matched entries. */
    public long matchedTotal() {
        return matched.values().stream().mapToLong(Long::longValue).sum();
    }

    /** An amount in one currency (zero when none). */
    public BigDecimal amount(String measure, String currency) {
        return amounts.getOrDefault(measure, Map.of()).getOrDefault(currency, BigDecimal.ZERO);
    }

    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("file", fileName);
        root.put("format", format);
        root.put("sha256", sha256);
        root.put("bankFileId", bankFileId);
        root.put("statements", statements);
        counts.forEach(root::put);
        ObjectNode m = root.putObject("matched");
        matched.forEach(m::put);
        ObjectNode a = root.putObject("amounts");
        amounts.forEach((measure, byCurrency) -> {
            ObjectNode n = a.putObject(measure);
            byCurrency.forEach((ccy, v) -> n.put(ccy, v.toPlainString()));
        });
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The summary the CLI prints: every figure with what it counts. */
    public String toText() {
        StringBuilder sb = new StringBuilder();
        sb.append(fileName).append(" (").append(format).append(", bank file ").append(bankFileId).append(")\n");
        line(sb, "entries", count("entries") + " in " + statements + " statement(s)");
        line(sb, "money in", entries(count("received")) + ", " + money("received"));
        line(sb, "matched", entries(matchedTotal()) + ": " + matched("REFERENCE") + " by reference, "
                + matched("INVOICE_NUMBER") + " by invoice number, " + matched("ACCOUNT_AMOUNT")
                + " by account and amount, " + matched("NAME_AMOUNT") + " by name and amount");
        line(sb, "applied", money("applied") + " to invoices");
        line(sb, "partial", entries(count("partial")) + " left an invoice partly open");
        line(sb, "overpaid", entries(count("overpaid")) + ", " + (amounts.get("credited").isEmpty() ? "nothing credited"
                : money("credited") + " credited to " + plural(count("debtorsCredited"), "debtor", "debtors")));
        line(sb, "suspense", entries(count("suspense")) + ", " + money("suspense"));
        line(sb, "returned", entries(count("returned")) + ", " + money("returned"));
        line(sb, "other", plural(count("debits"), "debit", "debits") + ", "
                + plural(count("notices"), "notice", "notices") + ", " + count("duplicates") + " seen before, "
                + count("ignored") + " ignored");
        line(sb, "invoices", count("invoicesPaid") + " paid, " + count("invoicesPartlyPaid") + " partly paid, "
                + count("invoicesReopened") + " re-opened");
        line(sb, "outreach", plural(count("communicationsCancelled"), "planned message", "planned messages")
                + " cancelled, " + plural(count("promisesKept"), "promise", "promises") + " kept");
        line(sb, "tasks", count("tasks") + ": " + count("suspenseTasks") + " suspense list, " + count("creditTasks")
                + " overpayments, " + count("disputeTasks") + " disputed invoices paid, " + count("returnTasks")
                + " returns, " + count("noticeTasks") + " bank notices");
        return sb.toString();
    }

    private String money(String measure) {
        Map<String, BigDecimal> m = amounts.get(measure);
        if (m.isEmpty()) {
            return "no amount";
        }
        StringBuilder sb = new StringBuilder();
        m.forEach((ccy, v) -> sb.append(sb.length() == 0 ? "" : ", ").append(v.toPlainString()).append(' ').append(ccy));
        return sb.toString();
    }

    private static String entries(long n) {
        return plural(n, "entry", "entries");
    }

    private static String plural(long n, String one, String many) {
        return n + " " + (n == 1 ? one : many);
    }

    private static void line(StringBuilder sb, String label, String value) {
        sb.append(String.format("  %-10s %s%n", label, value));
    }

    @Override
    public String toString() {
        return toJson();
    }
}
