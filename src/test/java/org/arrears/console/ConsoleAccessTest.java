package org.arrears.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.arrears.db.Database;
import org.arrears.testing.RunningHub;
import org.arrears.testing.TestBook;
import org.arrears.testing.TestDatabase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The console over real HTTP on a started hub: sign-in with the session cookie's flags, CSRF tokens on every form,
 * lockout, roles, creditor scope and the audit trail.
 */
class ConsoleAccessTest {

    static final String PASSWORD = "correct horse battery";

    static Database db;
    static TestBook book;
    static RunningHub hub;
    static long debtorOfDefault;
    static long debtorOfOther;
    static long task;

    @BeforeAll
    static void start() throws Exception {
        String url = TestDatabase.freshUrl();
        db = Database.of(url, "postgres", null, 3).migrate();
        book = new TestBook(db.dataSource());
        book.execute("INSERT INTO creditor (id, code, legal_name) VALUES (2, 'other', 'Other Ltd')");
        debtorOfDefault = book.consumer("Dana Default", "Europe/London", "GB", "dana@example.test");
        book.invoice(debtorOfDefault, "EUR", "120.00", LocalDate.now().minusDays(20));
        debtorOfOther = book.consumer("Otto Other", "Europe/London", "GB", "otto@example.test");
        book.execute("UPDATE debtor SET creditor_id = 2 WHERE id = ?", debtorOfOther);
        task = book.queryLong("INSERT INTO task (kind, debtor_id, title) VALUES ('ESCALATION', ?, 'Call Dana') RETURNING id",
                debtorOfDefault);
        Users users = new Users(db.dataSource(), Clock.systemUTC(), 3, Duration.ofMinutes(15));
        users.add("ada", Role.ADMIN, List.of(), PASSWORD.toCharArray(), "test");
        users.add("vera", Role.VIEWER, List.of(), PASSWORD.toCharArray(), "test");
        users.add("olga", Role.AGENT, List.of("other"), PASSWORD.toCharArray(), "test");
        users.add("lou", Role.AGENT, List.of(), PASSWORD.toCharArray(), "test");
        hub = RunningHub.start(url, Map.of("arrears.console.lockout.max-failures", "3"));
    }

    @AfterAll
    static void stop() {
        if (hub != null) {
            hub.close();
        }
        if (db != null) {
            db.close();
        }
    }

    /** A browser-like client: its own cookies, no redirects followed. */
    static final class Browser {
        final Map<String, String> cookies = new LinkedHashMap<>();
        final List<String> setCookies = new java.util.ArrayList<>();
        final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

        HttpResponse<String> get(String path) throws Exception {
            return send(HttpRequest.newBuilder(uri(path)).GET());
        }

        HttpResponse<String> post(String path, Map<String, String> form) throws Exception {
            StringBuilder body = new StringBuilder();
            form.forEach((k, v) -> body.append(body.isEmpty() ? "" : "&").append(URLEncoder.encode(k, StandardCharsets.UTF_8))
                    .append('=').append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
            return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
        }

        private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
            if (!cookies.isEmpty()) {
                b.header("Cookie", String.join("; ", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList()));
            }
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            for (String c : r.headers().allValues("set-cookie")) {
                setCookies.add(c);
                String pair = c.split(";", 2)[0];
                cookies.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
            }
            return r;
        }

        static URI uri(String path) {
            return URI.create("http://127.0.0.1:" + hub.httpPort + path);
        }

        String token(String html) {
            Matcher m = Pattern.compile("name=\"X-XSRF-TOKEN\" value=\"([^\"]+)\"").matcher(html);
            assertThat(m.find()).as("a CSRF field in the page").isTrue();
            return m.group(1).replace("&#39;", "'").replace("&amp;", "&");
        }

        HttpResponse<String> signIn(String name, String password) throws Exception {
            String token = token(get("/console/login").body());
            return post("/console/login", Map.of("X-XSRF-TOKEN", token, "name", name, "password", password));
        }
    }

    @Test
    void signingInSetsAnHttpOnlySameSiteStrictSessionCookieAndOpensTheWorklist() throws Exception {
        Browser b = new Browser();
        HttpResponse<String> login = b.get("/console/login");
        assertThat(login.statusCode()).isEqualTo(200);
        String before = b.cookies.get(Console.SESSION_COOKIE);
        HttpResponse<String> in = b.post("/console/login", Map.of("X-XSRF-TOKEN", b.token(login.body()), "name", "ada",
                "password", PASSWORD));
        assertThat(in.statusCode()).isEqualTo(303);
        assertThat(in.headers().firstValue("location")).hasValue("/console/worklist");
        assertThat(b.cookies.get(Console.SESSION_COOKIE)).as("a new session id after sign-in").isNotEqualTo(before);
        String session = b.setCookies.stream().filter(c -> c.startsWith(Console.SESSION_COOKIE + "=")).reduce((x, y) -> y).orElseThrow();
        assertThat(session).containsIgnoringCase("HttpOnly").containsIgnoringCase("SameSite=Strict").doesNotContainIgnoringCase("Secure");
        HttpResponse<String> worklist = b.get("/console/worklist");
        assertThat(worklist.statusCode()).isEqualTo(200);
        assertThat(worklist.body()).contains("Call Dana").contains("ada (admin)");
        assertThat(book.queryLong("SELECT count(*) FROM audit_log WHERE user_name = 'ada' AND action = 'login'")).isEqualTo(1);
    }

    @Test
    void aPageAsksForSignInWithoutASession() throws Exception {
        HttpResponse<String> r = new Browser().get("/console/worklist");
        assertThat(r.statusCode()).isEqualTo(303);
        assertThat(r.headers().firstValue("location")).hasValue("/console/login");
    }

    @Test
    void aFormWithoutItsCsrfTokenIsRefused() throws Exception {
        Browser b = new Browser();
        b.signIn("lou", PASSWORD);
        HttpResponse<String> r = b.post("/console/worklist/done", Map.of("task", String.valueOf(task)));
        assertThat(r.statusCode()).isEqualTo(403);
        HttpResponse<String> forged = b.post("/console/worklist/done", Map.of("task", String.valueOf(task), "X-XSRF-TOKEN", "forged.1.x"));
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(book.queryString("SELECT status FROM task WHERE id = ?", task)).isEqualTo("OPEN");
        HttpResponse<String> noTokenLogin = new Browser().post("/console/login", Map.of("name", "lou", "password", PASSWORD));
        assertThat(noTokenLogin.statusCode()).isEqualTo(403);
    }

    @Test
    void repeatedWrongPasswordsLockTheUserEvenAgainstTheRightOne() throws Exception {
        new Users(db.dataSource(), Clock.systemUTC(), 3, Duration.ofMinutes(15))
                .add("lockme", Role.AGENT, List.of(), PASSWORD.toCharArray(), "test");
        Browser b = new Browser();
        HttpResponse<String> wrong = b.signIn("lockme", "wrong password 0");
        for (int i = 1; i < 3; i++) {
            assertThat(wrong.statusCode()).isEqualTo(401);
            assertThat(wrong.body()).contains("Wrong user name or password.");
            // the form shown again carries a token that works for the next attempt
            wrong = b.post("/console/login", Map.of("X-XSRF-TOKEN", b.token(wrong.body()), "name", "lockme",
                    "password", "wrong password " + i));
        }
        assertThat(wrong.statusCode()).isEqualTo(401);
        HttpResponse<String> right = b.signIn("lockme", PASSWORD);
        assertThat(right.statusCode()).isEqualTo(401);
        assertThat(right.body()).contains("locked");
        assertThat(book.queryLong("SELECT count(*) FROM audit_log WHERE user_name = 'lockme' AND action = 'login.lockout'")).isEqualTo(1);
        assertThat(book.queryString("SELECT before::text || ' ' || after::text FROM audit_log WHERE user_name = 'lockme' "
                + "AND action = 'login.lockout'")).contains("\"failedLogins\": 2").contains("lockedUntil");
    }

    @Test
    void aViewerCannotAct() throws Exception {
        Browser b = new Browser();
        b.signIn("vera", PASSWORD);
        String page = b.get("/console/worklist").body();
        assertThat(page).contains("Call Dana").doesNotContain("Assign to me");
        HttpResponse<String> r = b.post("/console/worklist/assign", Map.of("task", String.valueOf(task), "X-XSRF-TOKEN", b.token(page)));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(book.queryString("SELECT coalesce(assigned_to, '-') FROM task WHERE id = ?", task)).isEqualTo("-");
    }

    @Test
    void theWorklistIsInTheOrderOfEachTasksOwnPriorityTheSameAsTheWorklistReport() throws Exception {
        book.execute("INSERT INTO task (kind, debtor_id, title, creditor_id) VALUES ('SUSPENSE', ?, 'Ring Otto', 2)", debtorOfOther);
        book.execute("INSERT INTO task (kind, debtor_id, title, creditor_id) VALUES ('ATTORNEY', ?, 'Brief the lawyer', 2)", debtorOfOther);
        book.execute("INSERT INTO task (kind, debtor_id, title, creditor_id, priority) VALUES ('SUSPENSE', ?, 'Raised by hand', 2, 95)",
                debtorOfOther);
        Browser b = new Browser();
        b.signIn("olga", PASSWORD);
        String page = b.get("/console/worklist").body();
        assertThat(page.indexOf("Raised by hand")).isPositive().isLessThan(page.indexOf("Brief the lawyer"));
        assertThat(page.indexOf("Brief the lawyer")).isLessThan(page.indexOf("Ring Otto"));
        assertThat(page).contains("<td class=\"urgent\">95</td>").contains("<td class=\"urgent\">90</td>").contains("<td>60</td>");
        List<String> report = new org.arrears.report.Worklist(db.dataSource())
                .page(org.arrears.report.Worklist.Query.firstPage(10), org.arrears.report.CreditorScope.of(List.of(2L)))
                .rows().stream().map(r -> String.valueOf(r.get(9))).toList();
        assertThat(report).containsSubsequence("Raised by hand", "Brief the lawyer", "Ring Otto");
    }

    @Test
    void aUserSeesOnlyTheDebtorsAndTasksOfItsCreditors() throws Exception {
        Browser b = new Browser();
        b.signIn("olga", PASSWORD);
        assertThat(b.get("/console/worklist").body()).doesNotContain("Call Dana");
        assertThat(b.get("/console/debtors/" + debtorOfDefault).statusCode()).isEqualTo(404);
        HttpResponse<String> own = b.get("/console/debtors/" + debtorOfOther);
        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(own.body()).contains("Otto Other");
    }

    @Test
    void aReportAndItsCsvExportHoldOnlyTheUsersCreditorsAndTheExportIsAudited() throws Exception {
        book.execute("INSERT INTO invoice (debtor_id, invoice_number, currency, issue_date, due_date, amount, open_amount) "
                + "SELECT ?, 'INV-DASH-1', 'GBP', current_date - 50, current_date - 40, 77.00, 77.00 "
                + "WHERE NOT EXISTS (SELECT 1 FROM invoice WHERE debtor_id = ? AND currency = 'GBP')", debtorOfOther, debtorOfOther);
        new Users(db.dataSource(), Clock.systemUTC(), 3, Duration.ofMinutes(15))
                .add("dee", Role.AGENT, List.of("default"), PASSWORD.toCharArray(), "test");
        Browser lou = new Browser();
        lou.signIn("dee", PASSWORD);
        Browser olga = new Browser();
        olga.signIn("olga", PASSWORD);

        HttpResponse<String> page = lou.get("/console/reports?report=aging");
        HttpResponse<String> own = lou.get("/console/reports/export?report=aging&format=csv");
        HttpResponse<String> other = olga.get("/console/reports/export?report=aging&format=csv");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("Aging as of").contains("120.00").doesNotContain("77.00");
        assertThat(own.statusCode()).isEqualTo(200);
        assertThat(own.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/csv"));
        assertThat(own.headers().firstValue("Content-Disposition")).hasValueSatisfying(v -> assertThat(v).contains("aging-"));
        assertThat(own.body()).contains("120.00").doesNotContain("77.00");
        assertThat(other.body()).contains("77.00").doesNotContain("120.00");
        assertThat(book.queryLong("SELECT count(*) FROM audit_log WHERE user_name = 'dee' AND action = 'report.export'"))
                .isEqualTo(1);
        assertThat(lou.get("/console/reports/export?report=aging&format=pdf").statusCode()).isEqualTo(400);
        assertThat(lou.get("/console/reports?report=nonsense").statusCode()).isEqualTo(400);
        assertThat(new Browser().get("/console/reports/export?report=aging&format=csv").statusCode())
                .as("signed out").isNotEqualTo(200);
    }

    @Test
    void theDashboardShowsTheAgingChartTheKpisThePromiseRateAndTheOpenTasksByKind() throws Exception {
        Browser b = new Browser();
        b.signIn("olga", PASSWORD);

        HttpResponse<String> r = b.get("/console/dashboard");
        assertThat(r.statusCode()).isEqualTo(200);

        // olga is granted the other creditor only: Otto's GBP invoice, none of Dana's EUR nor her escalation task
        book.execute("INSERT INTO invoice (debtor_id, invoice_number, currency, issue_date, due_date, amount, open_amount) "
                + "SELECT ?, 'INV-DASH-1', 'GBP', current_date - 50, current_date - 40, 77.00, 77.00 "
                + "WHERE NOT EXISTS (SELECT 1 FROM invoice WHERE debtor_id = ? AND currency = 'GBP')", debtorOfOther, debtorOfOther);
        book.execute("INSERT INTO task (kind, debtor_id, title, dedupe_key) VALUES ('ATTORNEY', ?, 'Otto has a lawyer', "
                + "'dashboard-test') ON CONFLICT (dedupe_key) DO NOTHING", debtorOfOther);
        r = b.get("/console/dashboard");
        assertThat(r.body()).contains("Open GBP by days past due").contains("id=\"kpis\"").contains("id=\"promise-rate\"")
                .contains("attorney").doesNotContain("Open EUR").doesNotContain("escalation");
    }

    @Test
    void anAgentAssignsATaskToItselfAndTheAuditRowHoldsBeforeAndAfter() throws Exception {
        long mine = book.queryLong("INSERT INTO task (kind, debtor_id, title) VALUES ('DISPUTE', ?, 'Check the dispute') RETURNING id",
                debtorOfDefault);
        Browser b = new Browser();
        b.signIn("lou", PASSWORD);
        String page = b.get("/console/worklist").body();
        HttpResponse<String> r = b.post("/console/worklist/assign", Map.of("task", String.valueOf(mine), "X-XSRF-TOKEN", b.token(page),
                "return", "worklist?owner=me"));
        assertThat(r.statusCode()).isEqualTo(303);
        assertThat(r.headers().firstValue("location")).hasValue("/console/worklist?owner=me");
        assertThat(book.queryString("SELECT assigned_to FROM task WHERE id = ?", mine)).isEqualTo("lou");
        assertThat(book.queryString("SELECT before::text || ' -> ' || after::text FROM audit_log WHERE action = 'task.assign' "
                + "AND target = ?", "task:" + mine)).isEqualTo("{\"owner\": \"\"} -> {\"owner\": \"lou\"}");
        assertThat(b.get("/console/worklist?owner=me").body()).contains("Check the dispute");
    }

    // ---- the JSON API

    static HttpResponse<String> api(String method, String path, String token, String json) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(Browser.uri("/api/" + path)).header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theApiAnswersAUsersBearerTokenWithTheSameDataAndActionsAsTheConsole() throws Exception {
        Users users = new Users(db.dataSource(), Clock.systemUTC(), 3, Duration.ofMinutes(15));
        String token = users.issueToken("lou", "test");
        assertThat(book.queryString("SELECT token_sha256 FROM console_api_token")).hasSize(64).doesNotContain(token);
        HttpResponse<String> tasks = api("GET", "worklist", token, null);
        assertThat(tasks.statusCode()).isEqualTo(200);
        assertThat(tasks.headers().firstValue("content-type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(tasks.body()).contains("\"title\":\"Call Dana\"");
        String by = LocalDate.now().plusDays(5).toString();
        HttpResponse<String> promise = api("POST", "debtors/" + debtorOfDefault + "/promise", token,
                "{\"date\": \"" + by + "\", \"amount\": \"60.00\"}");
        assertThat(promise.statusCode()).isEqualTo(200);
        assertThat(promise.body()).isEqualTo("{\"ok\":true}");
        assertThat(book.queryString("SELECT promised_amount || ' ' || until FROM hold WHERE debtor_id = ?", debtorOfDefault))
                .isEqualTo("60.00 " + by);
        assertThat(api("GET", "debtors/" + debtorOfDefault, token, null).body()).contains("promise to pay hold until " + by);
        HttpResponse<String> bad = api("POST", "debtors/" + debtorOfDefault + "/promise", token, "{\"date\": \"soon\", \"amount\": \"1\"}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).isEqualTo("{\"error\":\"date 'soon': not a date (YYYY-MM-DD)\"}");
        String other = users.issueToken("olga", "test");
        assertThat(api("GET", "debtors/" + debtorOfDefault, other, null).statusCode()).isEqualTo(404);
        assertThat(api("GET", "debtors/" + debtorOfOther, other, null).statusCode()).isEqualTo(200);
    }

    @Test
    void theApiRefusesAMissingOrUnknownTokenAndAViewersForm() throws Exception {
        assertThat(api("GET", "worklist", null, null).statusCode()).isEqualTo(401);
        assertThat(api("GET", "worklist", "arr_not-a-token", null).statusCode()).isEqualTo(401);
        String viewer = new Users(db.dataSource(), Clock.systemUTC(), 3, Duration.ofMinutes(15)).issueToken("vera", "test");
        assertThat(api("GET", "payments", viewer, null).statusCode()).isEqualTo(200);
        HttpResponse<String> act = api("POST", "worklist/done", viewer, "{\"task\": " + task + "}");
        assertThat(act.statusCode()).isEqualTo(403);
        assertThat(book.queryString("SELECT status FROM task WHERE id = ?", task)).isEqualTo("OPEN");
        HttpResponse<String> spec = api("GET", "openapi.yaml", null, null);
        assertThat(spec.statusCode()).isEqualTo(200);
        assertThat(spec.body()).startsWith("openapi: 3.0.3").contains("/debtors/{id}/promise:");
    }
}
