package org.arrears.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Read-only view of the hub's configuration. Values come from config/application.properties, overridden
 * by an environment variable of the same name in upper case with dots and dashes as underscores
 * (arrears.db.url -> ARREARS_DB_URL), overridden in turn by a -D system property. This is the rule
 * Camel's property component applies, so the CLI (which runs without Camel) and the hub read the same values.
 */
public final class Settings {

    private final Function<String, String> lookup;
    private final Supplier<Set<String>> keys;
    private final String origin;

    private Settings(Function<String, String> lookup, Supplier<Set<String>> keys, String origin) {
        this.lookup = lookup;
        this.keys = keys;
        this.origin = origin;
    }

    /** @param keys the names the source knows, for grouped settings such as arrears.compliance.* */
    public static Settings of(Function<String, String> lookup, Supplier<Set<String>> keys, String origin) {
        return new Settings(lookup, keys, origin);
    }

    /** These settings with some values replaced (tests, benchmarks, the demo's own data folder). */
    public Settings with(Map<String, String> overrides) {
        return new Settings(k -> overrides.containsKey(k) ? overrides.get(k) : lookup.apply(k), () -> {
            Set<String> all = new TreeSet<>(keys.get());
            all.addAll(overrides.keySet());
            return all;
        }, origin);
    }

    /** The CLI's view: the properties file (if present), then environment, then system properties. */
    public static Settings load(Path file) {
        Properties props = new Properties();
        if (Files.isRegularFile(file)) {
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                props.load(r);
            } catch (IOException e) {
                throw new ConfigException(file + ": cannot read: " + e.getMessage());
            }
        }
        return withOverrides(props, System.getenv(), file.toString());
    }

    static Settings withOverrides(Properties props, Map<String, String> env, String origin) {
        Set<String> names = new TreeSet<>(props.stringPropertyNames());
        return new Settings(key -> {
            String sys = System.getProperty(key);
            if (sys != null) {
                return sys;
            }
            String fromEnv = env.get(envName(key));
            if (fromEnv != null) {
                return fromEnv;
            }
            return props.getProperty(key);
        }, () -> {
            Set<String> all = new TreeSet<>(names);
            System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("arrears.")).forEach(all::add);
            return all;
        }, origin);
    }

    public static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** Where values come from, for error messages. */
    public String origin() {
        return origin;
    }

    /** The value, or null when unset or blank. */
    public String get(String key) {
        String v = lookup.apply(key);
        return v == null || v.isBlank() ? null : v.trim();
    }

    public String get(String key, String fallback) {
        String v = get(key);
        return v == null ? fallback : v;
    }

    public String require(String key) {
        String v = get(key);
        if (v == null) {
            throw new ConfigException(origin + ": required setting '" + key + "' (env " + envName(key) + ") is missing");
        }
        return v;
    }

    public int getInt(String key, int fallback) {
        String v = get(key);
        if (v == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new ConfigException(origin + ": setting '" + key + "' must be a whole number, got " + shown(key, v));
        }
    }

    /** A whole number of at least 1 (sizes, counts of workers and attempts). */
    public int getPositiveInt(String key, int fallback) {
        int v = getInt(key, fallback);
        if (v < 1) {
            throw new ConfigException(origin + ": setting '" + key + "' must be at least 1, got " + v);
        }
        return v;
    }

    /** A whole percentage from 1 to 100. */
    public int getPercent(String key, int fallback) {
        int v = getPositiveInt(key, fallback);
        if (v > 100) {
            throw new ConfigException(origin + ": setting '" + key + "' is a percentage, at most 100, got " + v);
        }
        return v;
    }

    /** A duration longer than zero (leases, timeouts, periods). */
    public Duration getPositiveDuration(String key, Duration fallback) {
        Duration d = getDuration(key, fallback);
        if (d.isZero() || d.isNegative()) {
            throw new ConfigException(origin + ": setting '" + key + "' must be longer than zero, got " + d);
        }
        return d;
    }

    public boolean getBoolean(String key, boolean fallback) {
        String v = get(key);
        if (v == null) {
            return fallback;
        }
        if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
            throw new ConfigException(origin + ": setting '" + key + "' must be true or false, got " + shown(key, v));
        }
        return Boolean.parseBoolean(v);
    }

    /** ISO-8601 duration (PT30S) or a plain number of seconds. */
    public Duration getDuration(String key, Duration fallback) {
        String v = get(key);
        if (v == null) {
            return fallback;
        }
        try {
            return v.matches("\\d+") ? Duration.ofSeconds(Long.parseLong(v)) : Duration.parse(v);
        } catch (RuntimeException e) {
            throw new ConfigException(origin + ": setting '" + key + "' must be a duration like PT30S, got " + shown(key, v));
        }
    }

    /** A value for an error message: quoted, or only its length when the key holds a secret. */
    private static String shown(String key, String value) {
        return SecretKeys.isSecret(key) ? "a value of " + value.length() + " characters" : "'" + value + "'";
    }

    /** Every known key with the prefix and its effective value (used for grouped settings). */
    public Properties withPrefix(String prefix) {
        Properties out = new Properties();
        for (String k : keys.get()) {
            if (k.startsWith(prefix)) {
                String v = get(k);
                if (v != null) {
                    out.setProperty(k, v);
                }
            }
        }
        return out;
    }
}
