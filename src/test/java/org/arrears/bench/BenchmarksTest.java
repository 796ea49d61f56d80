package org.arrears.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.arrears.config.Settings;
import org.junit.jupiter.api.Test;

/** The benchmarks stay runnable: a small SMS run completes its own checks and ends with its line. */
class BenchmarksTest {

    @Test
    void theBenchmarkLineNamesTheRatioTheRatesPerUnitAndThePeakHeap() {
        assertThat(new Throughput("msgs", 10, 50, 200, 123).line())
                .isEqualTo("ratio=0.25 hub_msgs_per_s=50 baseline_msgs_per_s=200 peak_heap_mb=123");
    }

    @Test
    void aSmallSmsBenchmarkSendsEveryTextThroughTheHubAndTheBaselineToTheStub() throws Exception {
        Settings base = Settings.load(Path.of("config/application.properties"));
        ByteArrayOutputStream log = new ByteArrayOutputStream();

        // the run checks itself: every text planned, received by the stub and recorded SENT, else it throws
        Throughput t = SmsBenchmark.run(base, 300, 2, false, new PrintStream(log, true, StandardCharsets.UTF_8));

        assertThat(t.count()).isEqualTo(300);
        assertThat(t.hubPerSecond()).isPositive();
        assertThat(t.baselinePerSecond()).isPositive();
        assertThat(t.line()).matches("ratio=\\d+\\.\\d\\d hub_msgs_per_s=\\d+ baseline_msgs_per_s=\\d+ peak_heap_mb=\\d+");
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("baseline: 300 pre-rendered Twilio requests");
    }

    @Test
    void theMailBenchmarkClassifiesEverySampleAndEndsWithItsLine() {
        Settings base = Settings.load(Path.of("config/application.properties"));
        ByteArrayOutputStream log = new ByteArrayOutputStream();

        String line = MailBenchmark.run(base, 600, new PrintStream(log, true, StandardCharsets.UTF_8));

        assertThat(line).matches("msgs_per_s=\\d+ peak_heap_mb=\\d+");
        assertThat(log.toString(StandardCharsets.UTF_8))
                .contains("classified as {BOUNCE=3, AUTOREPLY=1, FEEDBACK=1, REPLY=1}").contains("(300 bounces)");
    }

    @Test
    void aSmallConsoleBenchmarkSeedsTheBookTimesEachQueryAndEndsWithItsLine() throws Exception {
        Settings base = Settings.load(Path.of("config/application.properties"));
        ByteArrayOutputStream log = new ByteArrayOutputStream();

        // the run checks itself: the worklist fills a page, each debtor page finds its debtor, each report has rows
        ConsoleBenchmark.Result r = ConsoleBenchmark.run(base, 3000, new PrintStream(log, true, StandardCharsets.UTF_8));

        assertThat(r.line()).matches("worklist_ms=\\d+ debtor_ms=\\d+ aging_ms=\\d+ dso_ms=\\d+ cei_ms=\\d+ peak_heap_mb=\\d+");
        assertThat(r.others()).containsOnlyKeys("campaign", "activity", "placement_195dpd");
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("seeded 3,000 debtors").contains("300 open tasks");
    }
}
