package org.arrears.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Every parser's fuzz target for a bounded time (system property {@code arrears.fuzz.seconds}, default 10 per target;
 * the Maven profile {@code fuzz} runs longer), from the project's test resources, its configured policies and the
 * sample corpora next to the project ({@code ../shared/corpora-dev}, read in place, skipped when absent).
 */
class ParserFuzzTest {

    private static final List<Path> SEEDS = List.of(Path.of("src/test/resources"), Path.of("config"),
            Path.of("../shared/corpora-dev"));

    @Test
    void noParserThrowsAnythingButItsOwnErrorOrHangsOnMutatedInput() throws Exception {
        long seconds = Long.getLong("arrears.fuzz.seconds", 10);
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
        List<Fuzzer.Result> results = FuzzBenchmark.run(Duration.ofSeconds(seconds), Long.MAX_VALUE, SEEDS, Set.of(),
                Path.of("target/fuzz-crashes"), Long.getLong("arrears.fuzz.random-seed", 13), out);
        System.out.print(buffer.toString(StandardCharsets.UTF_8));

        assertThat(results).extracting(Fuzzer.Result::target).contains("bank-camt", "bank-mt940", "bank-bai2", "bank-nacha",
                "bank-csv", "mail-classifier", "bounce-parser", "reply-text", "sms-webhook", "sms-http", "smpp-receipt",
                "policy", "csv-layout");
        // each target went past its seeds into mutations
        assertThat(results).allSatisfy(r -> assertThat(r.inputs()).as(r.target()).isGreaterThan(r.seeds()));
        assertThat(results.stream().flatMap(r -> r.crashes().stream().map(c -> r.target() + ": " + c))
                .collect(Collectors.toList())).isEmpty();
    }

    @Test
    void aTargetThatThrowsSomethingElseIsACrashWithItsShortestInput() {
        Fuzzer.Target broken = new Fuzzer.Target() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public void run(byte[] input) {
                if (input.length > 3) {
                    throw new IllegalStateException("too long");
                }
                if (input.length == 0) {
                    throw new UnsupportedOperationException("empty");
                }
            }

            @Override
            public boolean expected(Throwable t) {
                return t instanceof UnsupportedOperationException;
            }
        };
        Fuzzer.Result r = new Fuzzer(Duration.ofSeconds(5)).run(broken, List.of("abcdefgh".getBytes(StandardCharsets.UTF_8),
                "ab".getBytes(StandardCharsets.UTF_8)), Duration.ofMinutes(2), 2000, 1);

        assertThat(r.inputs()).isEqualTo(2000);
        assertThat(r.crashes()).singleElement().satisfies(c -> {
            assertThat(c.signature()).startsWith(IllegalStateException.class.getName());
            assertThat(c.input().length).isEqualTo(4); // the shortest input that still throws
        });
        assertThat(r.line()).startsWith("fuzz target=broken seeds=2 inputs=2000 crashes=1 hangs=0");
    }

    @Test
    void anInputThatTakesLongerThanTheLimitIsAHang() {
        Fuzzer.Target slow = new Fuzzer.Target() {
            @Override
            public String name() {
                return "slow";
            }

            @Override
            public void run(byte[] input) {
                while (input.length > 0 && !Thread.currentThread().isInterrupted()) {
                    Thread.onSpinWait(); // does not return for a non-empty input until the fuzzer gives up on it
                }
            }

            @Override
            public boolean expected(Throwable t) {
                return false;
            }
        };
        Fuzzer.Result r = new Fuzzer(Duration.ofMillis(200)).run(slow, List.of(new byte[0], new byte[] {1}),
                Duration.ofSeconds(5), 100, 1);

        assertThat(r.hung()).isTrue();
        assertThat(r.inputs()).isEqualTo(2);
        assertThat(r.crashes()).singleElement().satisfies(c -> assertThat(c.signature()).startsWith("hang over 200 ms"));
    }
}
