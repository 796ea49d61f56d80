package org.arrears.config;

import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Which settings hold secrets: every key whose last part ends in password, secret, token, key or user (database,
 * SMTP and gateway credentials, the opt-out link secret). Their values never reach a log line: the hub masks them
 * in its own messages, and {@link #camelKeywords} tells Camel's startup summaries to mask them too.
 */
public final class SecretKeys {

    private static final Pattern SECRET = Pattern.compile(".*(password|passwd|secret|token|key|user|username|credentials?)");

    private SecretKeys() {
    }

    /** True when the key's last dotted part, without dashes or underscores, ends in one of the secret words. */
    public static boolean isSecret(String key) {
        return SECRET.matcher(lastPart(key)).matches();
    }

    /**
     * The keywords for Camel's {@code additionalSensitiveKeywords}. Camel masks a key whose last dotted part, lower
     * case and without dashes, occurs in that list (so {@code arrears.token-secret} needs {@code tokensecret}, which
     * its default list lacks). Environment variable names ({@code ARREARS_SMS_API_KEY}) do not show where the dots
     * were, so each of their secret-ending tails is listed ({@code key}, {@code apikey}, {@code smsapikey} ...).
     */
    public static String camelKeywords(Collection<String> keys, Collection<String> environmentNames, String existing) {
        Set<String> words = new TreeSet<>();
        if (existing != null && !existing.isBlank()) {
            for (String w : existing.split(",")) {
                words.add(w.strip().toLowerCase(Locale.ROOT));
            }
        }
        for (String k : keys) {
            if (isSecret(k)) {
                words.add(lastPart(k));
            }
        }
        for (String env : environmentNames) {
            String[] parts = env.toLowerCase(Locale.ROOT).split("_");
            StringBuilder tail = new StringBuilder();
            for (int i = parts.length - 1; i >= 0; i--) {
                tail.insert(0, parts[i]);
                if (SECRET.matcher(tail).matches()) {
                    words.add(tail.toString());
                }
            }
        }
        words.remove("");
        return String.join(",", words);
    }

    private static String lastPart(String key) {
        String last = key.substring(key.lastIndexOf('.') + 1);
        return last.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "");
    }
}
