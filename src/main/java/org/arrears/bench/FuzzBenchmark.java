package org.arrears.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Runs every parser's fuzz target for a bounded time and prints, per target, the inputs tried and the crashes found
 * (the {@code mvn verify} run and {@code ./arrears bench fuzz --seconds N}).
 */
public final class FuzzBenchmark {

    /** The longest one input may take before it counts as a hang. */
    public static final Duration PER_INPUT = Duration.ofSeconds(10);

    private FuzzBenchmark() {
    }

    /**
     * @param seedFolders folders of sample files, read in place (absent ones are skipped)
     * @param only        target names to run, or empty for all
     * @param crashDir    where each crash's shortest input is written, or null
     */
    public static List<Fuzzer.Result> run(Duration perTarget, long maxInputs, List<Path> seedFolders, Set<String> only,
                                          Path crashDir, long randomSeed, PrintStream out) throws Exception {
        return run(perTarget, PER_INPUT, maxInputs, seedFolders, only, crashDir, randomSeed, out);
    }

    /** @param perInput the CPU time one input may take before it counts as a hang */
    public static List<Fuzzer.Result> run(Duration perTarget, Duration perInput, long maxInputs, List<Path> seedFolders,
                                          Set<String> only, Path crashDir, long randomSeed, PrintStream out) throws Exception {
        List<Fuzzer.Result> results = new ArrayList<>();
        Fuzzer fuzzer = new Fuzzer(perInput);
        try (FuzzTargets targets = new FuzzTargets()) {
            List<String> names = targets.specs().stream().map(s -> s.target().name()).toList();
            for (String name : only) {
                if (!names.contains(name)) {
                    throw new IllegalArgumentException("--target " + name + ": no such fuzz target; the targets are " + names);
                }
            }
            for (FuzzTargets.Spec spec : targets.specs()) {
                if (!only.isEmpty() && !only.contains(spec.target().name())) {
                    continue;
                }
                List<byte[]> seeds = FuzzTargets.seeds(spec, seedFolders);
                Fuzzer.Result r = fuzzer.run(spec.target(), seeds, perTarget, maxInputs, randomSeed);
                out.println(r.line());
                for (Fuzzer.Crash c : r.crashes()) {
                    out.println("  crash " + c);
                    if (crashDir != null) {
                        write(crashDir, r.target(), c);
                    }
                }
                results.add(r);
            }
        }
        long inputs = results.stream().mapToLong(Fuzzer.Result::inputs).sum();
        long crashes = results.stream().mapToLong(r -> r.crashes().size()).sum();
        out.println("fuzz targets=" + results.size() + " inputs=" + inputs + " crashes=" + crashes);
        return results;
    }

    private static void write(Path dir, String target, Fuzzer.Crash c) throws IOException {
        Files.createDirectories(dir);
        String name = target + "-" + Integer.toHexString(c.signature().hashCode()) + ".bin";
        Files.write(dir.resolve(name), c.input());
    }
}
