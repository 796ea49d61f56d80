package org.arrears.bench;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A structured fuzzer: runs a target on its seeds as they are, then on mutations of them (truncation, byte flips,
 * repeated and nested structures, huge fields, splices of two seeds) until its time or input budget is spent.
 *
 * <p>A <em>crash</em> is any throwable the target does not name as its own error ({@link Target#expected}), and any
 * input that takes longer than the per-input limit (a hang; the target stops there, its worker thread is given up).
 * Crashes are kept one per signature (class and first project frame), with the shortest input that caused it.
 */
public final class Fuzzer {

    /** The largest input a mutation may make (a huge field is up to 2 MiB of it). */
    static final int MAX_INPUT = 4 * 1024 * 1024;

    /** A parser entry point with its seeds and its own error type. */
    public interface Target {
        String name();

        /** Runs the parser on one input; returns normally or throws. */
        void run(byte[] input) throws Exception;

        /** Whether a throwable is the parser's own, clear error for bad input (not a crash). */
        boolean expected(Throwable t);
    }

    /** One kind of crash: its signature, the first message and the shortest input seen. */
    public record Crash(String signature, String message, byte[] input, long count) {
        @Override
        public String toString() {
            return signature + " (" + count + "x, shortest input " + input.length + " bytes): " + message;
        }
    }

    /** What one target's run found. */
    public record Result(String target, int seeds, long inputs, List<Crash> crashes, boolean hung, double seconds) {
        public String line() {
            return String.format(java.util.Locale.ROOT, "fuzz target=%s seeds=%d inputs=%d crashes=%d hangs=%d seconds=%.1f",
                    target, seeds, inputs, crashes.size(), hung ? 1 : 0, seconds);
        }
    }

    private final Duration perInput;

    public Fuzzer(Duration perInput) {
        this.perInput = perInput;
    }

    /**
     * Runs the seeds, then mutations until {@code budget} has passed or {@code maxInputs} inputs were tried.
     *
     * @param randomSeed makes a run repeatable (given the same budget in inputs)
     */
    public Result run(Target target, List<byte[]> seeds, Duration budget, long maxInputs, long randomSeed) {
        List<byte[]> pool = seeds.isEmpty() ? List.of(new byte[0]) : seeds;
        Map<String, Crash> crashes = new LinkedHashMap<>();
        Worker worker = new Worker(target.name());
        long start = System.nanoTime();
        long deadline = start + budget.toNanos();
        SplittableRandom random = new SplittableRandom(randomSeed);
        Mutator mutator = new Mutator(random, pool);
        long inputs = 0;
        boolean hung = false;
        try {
            while (inputs < maxInputs && (inputs < pool.size() || System.nanoTime() < deadline)) {
                byte[] input = inputs < pool.size() ? pool.get((int) inputs) : mutator.next();
                inputs++;
                Throwable failure;
                Future<?> f = worker.executor.submit(() -> {
                    target.run(input);
                    return null;
                });
                try {
                    awaitWithin(f, worker.thread());
                    failure = null;
                } catch (ExecutionException e) {
                    failure = e.getCause();
                } catch (TimeoutException e) {
                    f.cancel(true);
                    record(crashes, "hang over " + perInput.toMillis() + " ms", "no answer within the per-input limit", input);
                    hung = true;
                    break;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                if (failure != null && !target.expected(failure)) {
                    record(crashes, signature(failure), String.valueOf(failure), input);
                }
            }
        } finally {
            worker.executor.shutdownNow();
        }
        return new Result(target.name(), seeds.size(), inputs, List.copyOf(crashes.values()), hung,
                (System.nanoTime() - start) / 1e9);
    }

    private static void record(Map<String, Crash> crashes, String signature, String message, byte[] input) {
        crashes.merge(signature, new Crash(signature, abbreviate(message), input, 1),
                (a, b) -> new Crash(a.signature(), a.message(), b.input().length < a.input().length ? b.input() : a.input(),
                        a.count() + 1));
    }

    /** The throwable's class and the first frame in the project (else the first frame). */
    static String signature(Throwable thrown) {
        Throwable t = thrown;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause(); // a wrapped failure is named by what failed
        }
        StackTraceElement at = null;
        for (StackTraceElement e : t.getStackTrace()) {
            if (at == null) {
                at = e;
            }
            if (e.getClassName().startsWith("org.arrears.") && !e.getClassName().startsWith("org.arrears.bench.")) {
                at = e;
                break;
            }
        }
        return t.getClass().getName() + (at == null ? "" : " at " + at.getClassName() + "." + at.getMethodName() + ":"
                + at.getLineNumber());
    }

    private static String abbreviate(String s) {
        return s.length() <= 300 ? s : s.substring(0, 300) + "…";
    }

    /**
     * Waits for one input. The limit is on the worker's CPU time, so that a machine busy with other work does not turn
     * a slow input into a hang; wall time is bounded too, at four times the limit.
     */
    private void awaitWithin(Future<?> f, Thread thread) throws ExecutionException, TimeoutException, InterruptedException {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long startCpu = thread == null ? -1 : threads.getThreadCpuTime(thread.getId());
        long wallDeadline = System.nanoTime() + perInput.toNanos() * 4;
        while (true) {
            try {
                f.get(Math.max(1, perInput.toMillis() / 4), TimeUnit.MILLISECONDS);
                return;
            } catch (TimeoutException e) {
                long cpu = startCpu < 0 ? -1 : threads.getThreadCpuTime(thread.getId()) - startCpu;
                if (cpu < 0 || cpu > perInput.toNanos() || System.nanoTime() > wallDeadline) {
                    throw e;
                }
            }
        }
    }

    /** One daemon thread for a target's inputs: a hung input's thread must not keep the JVM alive. */
    private static final class Worker {
        final ExecutorService executor;
        private volatile Thread thread;

        Worker(String name) {
            executor = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "fuzz-" + name);
                t.setDaemon(true);
                thread = t;
                return t;
            });
            executor.submit(() -> { }); // starts the thread now, so that its CPU time can be read
        }

        Thread thread() {
            return thread;
        }
    }

    /** Mutations of the seeds, one to four stacked. */
    static final class Mutator {
        private static final byte[] INTERESTING = "\0\377\n\r\t <>&;:-+,.'\"{}[]/\\=?%0919\177\200\303".getBytes(
                StandardCharsets.ISO_8859_1);
        private static final String[] NESTS = {"<a>", "<Ntry>", "[", "{\"a\":", "(", "--b\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n",
                ":61:", "16,", "\r\n "};
        private static final String[] HUGE = {"A", "9", " ", "\u00e4", "=", "0"};

        private final SplittableRandom random;
        private final List<byte[]> seeds;

        Mutator(SplittableRandom random, List<byte[]> seeds) {
            this.random = random;
            this.seeds = seeds;
        }

        byte[] next() {
            byte[] b = seeds.get(random.nextInt(seeds.size()));
            int rounds = 1 + random.nextInt(4);
            for (int i = 0; i < rounds; i++) {
                b = mutate(b);
                if (b.length > MAX_INPUT) {
                    b = java.util.Arrays.copyOf(b, MAX_INPUT);
                }
            }
            return b;
        }

        private byte[] mutate(byte[] b) {
            int op = random.nextInt(100);
            if (b.length == 0) {
                return insert(b, 0, ascii(1 + random.nextInt(64)));
            }
            if (op < 12) { // truncate
                return java.util.Arrays.copyOf(b, random.nextInt(b.length));
            }
            if (op < 30) { // flip bits
                byte[] c = b.clone();
                for (int n = 1 + random.nextInt(8); n > 0; n--) {
                    c[random.nextInt(c.length)] ^= (byte) (1 << random.nextInt(8));
                }
                return c;
            }
            if (op < 45) { // interesting bytes
                byte[] c = b.clone();
                for (int n = 1 + random.nextInt(4); n > 0; n--) {
                    c[random.nextInt(c.length)] = INTERESTING[random.nextInt(INTERESTING.length)];
                }
                return c;
            }
            if (op < 55) { // delete a range
                int from = random.nextInt(b.length);
                int to = Math.min(b.length, from + 1 + random.nextInt(Math.max(1, b.length / 4)));
                return concat(slice(b, 0, from), slice(b, to, b.length));
            }
            if (op < 65) { // repeat a range
                int from = random.nextInt(b.length);
                int to = Math.min(b.length, from + 1 + random.nextInt(Math.min(b.length - from, 4096)));
                byte[] part = slice(b, from, to);
                int times = 1 + random.nextInt(random.nextInt(10) == 0 ? 2000 : 16);
                return insert(b, to, repeat(part, times));
            }
            if (op < 72) { // repeat a line
                int at = random.nextInt(b.length);
                int start = at;
                while (start > 0 && b[start - 1] != '\n') {
                    start--;
                }
                int end = at;
                while (end < b.length && b[end] != '\n') {
                    end++;
                }
                byte[] line = end < b.length ? slice(b, start, end + 1) : concat(slice(b, start, end), new byte[] {'\n'});
                return insert(b, start, repeat(line, 1 + random.nextInt(random.nextInt(10) == 0 ? 5000 : 8)));
            }
            if (op < 78) { // nested structure
                String open = NESTS[random.nextInt(NESTS.length)];
                int times = random.nextInt(4) == 0 ? 10 + random.nextInt(100_000) : 1 + random.nextInt(100);
                return insert(b, random.nextInt(b.length + 1), repeat(open.getBytes(StandardCharsets.UTF_8), times));
            }
            if (op < 82) { // huge field
                int n = random.nextInt(3) == 0 ? 64 * 1024 + random.nextInt(2 * 1024 * 1024) : 100 + random.nextInt(70_000);
                return insert(b, random.nextInt(b.length + 1), repeat(HUGE[random.nextInt(HUGE.length)]
                        .getBytes(StandardCharsets.UTF_8), n));
            }
            if (op < 88) { // splice with another seed
                byte[] other = seeds.get(random.nextInt(seeds.size()));
                return concat(slice(b, 0, random.nextInt(b.length + 1)), slice(other, random.nextInt(other.length + 1),
                        other.length));
            }
            if (op < 93) { // big numbers
                String[] numbers = {"99999999999999999999", "-1", "0", "-0", "1e400", "2147483648", "9223372036854775808",
                        "00000000", "1.7976931348623157E309", "NaN", "29.02.2023", "2023-02-30", "99991231"};
                return insert(b, random.nextInt(b.length + 1), numbers[random.nextInt(numbers.length)]
                        .getBytes(StandardCharsets.UTF_8));
            }
            return insert(b, random.nextInt(b.length + 1), ascii(1 + random.nextInt(32)));
        }

        private byte[] ascii(int n) {
            byte[] a = new byte[n];
            for (int i = 0; i < n; i++) {
                a[i] = (byte) (random.nextInt(8) == 0 ? random.nextInt(256) : 32 + random.nextInt(95));
            }
            return a;
        }

        private static byte[] slice(byte[] b, int from, int to) {
            return java.util.Arrays.copyOfRange(b, from, to);
        }

        private static byte[] concat(byte[] a, byte[] b) {
            byte[] c = java.util.Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, c, a.length, b.length);
            return c;
        }

        private static byte[] insert(byte[] b, int at, byte[] what) {
            return concat(concat(slice(b, 0, at), what), slice(b, at, b.length));
        }

        private static byte[] repeat(byte[] part, int times) {
            int n = (int) Math.min((long) part.length * times, MAX_INPUT);
            byte[] out = new byte[n];
            for (int i = 0; i < n; i++) {
                out[i] = part[i % part.length];
            }
            return out;
        }
    }

    /** Prints a run's results, one line per target and each crash below it. */
    public static List<String> report(List<Result> results) {
        List<String> out = new ArrayList<>();
        long inputs = 0;
        int crashes = 0;
        for (Result r : results) {
            out.add(r.line());
            r.crashes().forEach(c -> out.add("  crash " + c));
            inputs += r.inputs();
            crashes += r.crashes().size();
        }
        out.add("fuzz targets=" + results.size() + " inputs=" + inputs + " crashes=" + crashes);
        return out;
    }
}
