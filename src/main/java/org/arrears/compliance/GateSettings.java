package org.arrears.compliance;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Everything the compliance gate can be told: contact windows (default, business, per jurisdiction, with
 * holidays), the safety margin before a window ends, the zones served when a debtor's location is unknown,
 * per-channel frequency caps, the templates allowed through a cease-communication or a dispute, and the
 * email/SMS procedure parameters. Immutable; {@link #defaults()} or {@link #builder()} to start,
 * {@link #fromProperties(Properties, String)} to read overrides from configuration.
 */
public final class GateSettings {

    /** The R1 window, {@code [08:00, 21:00)} every day. */
    public static final ContactWindow STANDARD_WINDOW = ContactWindow.daily(LocalTime.of(8, 0), LocalTime.of(21, 0));

    /** The three one-off notices R11 lets through a cease-communication. */
    public static final Set<String> DEFAULT_CEASE_TEMPLATES =
            Set.of("CEASE_ACK_TERMINATION", "NOTICE_REMEDY_ORDINARY", "NOTICE_REMEDY_SPECIFIC");

    /** Templates that answer a dispute or an original-creditor request and so pass a DISPUTE hold (R9). */
    public static final Set<String> DEFAULT_DISPUTE_TEMPLATES = Set.of("DISPUTE_VERIFICATION", "ORIGINAL_CREDITOR_INFO");

    /** Zones served when nothing is known about the debtor's location (R2): the 50 states. */
    public static final List<ZoneId> DEFAULT_UNKNOWN_LOCATION_ZONES = List.of(
            ZoneId.of("America/New_York"), ZoneId.of("America/Chicago"), ZoneId.of("America/Denver"),
            ZoneId.of("America/Phoenix"), ZoneId.of("America/Los_Angeles"), ZoneId.of("America/Anchorage"),
            ZoneId.of("Pacific/Honolulu"));

    /** Built-in jurisdiction windows (their holidays come from the bundled holiday table). */
    public static final Map<String, String> BUILT_IN_JURISDICTION_WINDOWS = Map.of(
            "CA-ON", "MON-SAT 07:00-21:00; SUN 13:00-17:00",
            "CA-BC", "MON-SAT 07:00-21:00; SUN 13:00-17:00",
            "CA-QC", "MON-SAT 08:00-20:00; SUN closed",
            "GB", "MON-SAT 08:00-21:00; SUN closed");

    private static final Pattern JURISDICTION = Pattern.compile("[A-Z]{2}(-[A-Z0-9]{1,3})?");

    private final ContactWindow defaultWindow;
    private final ContactWindow businessWindow;
    private final Duration windowMargin;
    private final Map<String, ContactWindow> jurisdictionWindows;
    private final Set<String> consentIgnoredIn;
    private final List<ZoneId> unknownLocationZones;
    private final Map<Channel, List<FrequencyCap>> caps;
    private final Set<String> ceaseAllowedTemplates;
    private final Set<String> disputeAllowedTemplates;
    private final boolean emailProceduresForConsumers;
    private final Duration smsConsentMaxAge;
    private final int creditorNoticeWaitDays;
    private final Duration windowSearchHorizon;

    private GateSettings(Builder b) {
        this.defaultWindow = Objects.requireNonNull(b.defaultWindow, "defaultWindow");
        this.businessWindow = b.businessWindow;
        this.windowMargin = Objects.requireNonNull(b.windowMargin, "windowMargin");
        if (windowMargin.isNegative() || windowMargin.compareTo(Duration.ofHours(12)) >= 0) {
            throw new IllegalArgumentException("window margin must be between 0 and 12 hours, got " + windowMargin);
        }
        Map<String, ContactWindow> merged = new TreeMap<>();
        Set<String> codes = new TreeSet<>(b.jurisdictionWindows.keySet());
        codes.addAll(b.jurisdictionHolidays.keySet());
        for (String code : codes) {
            ContactWindow base = b.jurisdictionWindows.getOrDefault(code, defaultWindow);
            Set<LocalDate> hol = new TreeSet<>(base.holidays());
            hol.addAll(b.jurisdictionHolidays.getOrDefault(code, Set.of()));
            merged.put(code, base.withHolidays(hol));
        }
        this.jurisdictionWindows = Collections.unmodifiableMap(merged);
        this.consentIgnoredIn = Collections.unmodifiableSet(new TreeSet<>(b.consentIgnoredIn));
        if (b.unknownLocationZones.isEmpty()) {
            throw new IllegalArgumentException("at least one unknown-location zone is needed");
        }
        this.unknownLocationZones = List.copyOf(new LinkedHashSet<>(b.unknownLocationZones));
        EnumMap<Channel, List<FrequencyCap>> c = new EnumMap<>(Channel.class);
        for (Channel ch : Channel.values()) {
            c.put(ch, List.copyOf(b.caps.getOrDefault(ch, List.of())));
        }
        this.caps = Collections.unmodifiableMap(c);
        this.ceaseAllowedTemplates = Set.copyOf(b.ceaseAllowedTemplates);
        this.disputeAllowedTemplates = Set.copyOf(b.disputeAllowedTemplates);
        this.emailProceduresForConsumers = b.emailProceduresForConsumers;
        this.smsConsentMaxAge = Objects.requireNonNull(b.smsConsentMaxAge, "smsConsentMaxAge");
        if (smsConsentMaxAge.isNegative() || smsConsentMaxAge.isZero()) {
            throw new IllegalArgumentException("SMS consent max age must be positive, got " + smsConsentMaxAge);
        }
        if (b.creditorNoticeWaitDays < 0) {
            throw new IllegalArgumentException("creditor notice wait must not be negative, got " + b.creditorNoticeWaitDays);
        }
        this.creditorNoticeWaitDays = b.creditorNoticeWaitDays;
        this.windowSearchHorizon = Objects.requireNonNull(b.windowSearchHorizon, "windowSearchHorizon");
        if (windowSearchHorizon.compareTo(Duration.ofDays(1)) < 0) {
            throw new IllegalArgumentException("window search horizon must be at least one day, got " + windowSearchHorizon);
        }
    }

    public static GateSettings defaults() {
        return builder().build();
    }

    /** A builder holding the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    // ---------------------------------------------------------------- getters

    /** The window used when no jurisdiction override applies (R1: [08:00, 21:00) every day). */
    public ContactWindow defaultWindow() {
        return defaultWindow;
    }

    /** The window for B2B debtors, when configured; otherwise B2B debtors get the same window as consumers. */
    public Optional<ContactWindow> businessWindow() {
        return Optional.ofNullable(businessWindow);
    }

    /** How long before a window's end the gate stops allowing sends (default zero). */
    public Duration windowMargin() {
        return windowMargin;
    }

    /** Jurisdiction code to window, holidays included. */
    public Map<String, ContactWindow> jurisdictionWindows() {
        return jurisdictionWindows;
    }

    /**
     * The jurisdiction key whose window applies to {@code jurisdiction}: the exact code, else its country
     * ({@code GB-ENG} uses {@code GB}); empty when neither has an override.
     */
    public Optional<String> jurisdictionKey(String jurisdiction) {
        if (jurisdiction == null || jurisdiction.isBlank()) {
            return Optional.empty();
        }
        String j = jurisdiction.trim().toUpperCase(Locale.ROOT);
        if (jurisdictionWindows.containsKey(j)) {
            return Optional.of(j);
        }
        int dash = j.indexOf('-');
        if (dash > 0 && jurisdictionWindows.containsKey(j.substring(0, dash))) {
            return Optional.of(j.substring(0, dash));
        }
        return Optional.empty();
    }

    /**
     * The contact window for a debtor, before the margin: the business window for a B2B debtor when one is
     * configured, else the debtor's jurisdiction override, else the default window.
     */
    public ContactWindow windowFor(DebtorProfile debtor) {
        if (!debtor.consumer() && businessWindow != null) {
            return businessWindow;
        }
        return jurisdictionKey(debtor.jurisdiction()).map(jurisdictionWindows::get).orElse(defaultWindow);
    }

    /** Jurisdictions whose window still applies when the consumer consented to contact outside hours. */
    public Set<String> consentIgnoredIn() {
        return consentIgnoredIn;
    }

    public List<ZoneId> unknownLocationZones() {
        return unknownLocationZones;
    }

    /** The caps of one channel, empty when uncapped. */
    public List<FrequencyCap> caps(Channel channel) {
        return caps.get(channel);
    }

    public Map<Channel, List<FrequencyCap>> caps() {
        return caps;
    }

    public Set<String> ceaseAllowedTemplates() {
        return ceaseAllowedTemplates;
    }

    public Set<String> disputeAllowedTemplates() {
        return disputeAllowedTemplates;
    }

    /** Whether R6/R7 email-address procedures are enforced for consumer debtors. */
    public boolean emailProceduresForConsumers() {
        return emailProceduresForConsumers;
    }

    public Duration smsConsentMaxAge() {
        return smsConsentMaxAge;
    }

    /** R6(ii): days between the creditor's notice and the first email (35). */
    public int creditorNoticeWaitDays() {
        return creditorNoticeWaitDays;
    }

    /** How far ahead the gate looks for a time at which every window holds (beyond the longest cap window). */
    public Duration windowSearchHorizon() {
        return windowSearchHorizon;
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.defaultWindow = defaultWindow;
        b.businessWindow = businessWindow;
        b.windowMargin = windowMargin;
        b.jurisdictionWindows.clear();
        b.jurisdictionWindows.putAll(jurisdictionWindows);
        b.jurisdictionHolidays.clear();
        b.consentIgnoredIn = new TreeSet<>(consentIgnoredIn);
        b.unknownLocationZones = new ArrayList<>(unknownLocationZones);
        b.caps.clear();
        b.caps.putAll(caps);
        b.ceaseAllowedTemplates = new TreeSet<>(ceaseAllowedTemplates);
        b.disputeAllowedTemplates = new TreeSet<>(disputeAllowedTemplates);
        b.emailProceduresForConsumers = emailProceduresForConsumers;
        b.smsConsentMaxAge = smsConsentMaxAge;
        b.creditorNoticeWaitDays = creditorNoticeWaitDays;
        b.windowSearchHorizon = windowSearchHorizon;
        return b;
    }

    @Override
    public String toString() {
        return "GateSettings{defaultWindow=" + defaultWindow + ", businessWindow=" + businessWindow
                + ", margin=" + windowMargin + ", jurisdictions=" + jurisdictionWindows
                + ", consentIgnoredIn=" + consentIgnoredIn + ", unknownLocationZones=" + unknownLocationZones
                + ", caps=" + caps + ", ceaseAllowedTemplates=" + new TreeSet<>(ceaseAllowedTemplates)
                + ", disputeAllowedTemplates=" + new TreeSet<>(disputeAllowedTemplates)
                + ", emailProceduresForConsumers=" + emailProceduresForConsumers
                + ", smsConsentMaxAge=" + smsConsentMaxAge + ", creditorNoticeWaitDays=" + creditorNoticeWaitDays
                + ", windowSearchHorizon=" + windowSearchHorizon + "}";
    }

    // ---------------------------------------------------------------- properties

    /**
     * Reads overrides from {@code p}, for keys starting with {@code prefix} (null or empty: every key), on top
     * of the defaults. Keys after the prefix:
     * <pre>
     * window.default=08:00-21:00                       default contact window
     * window.business=MON-FRI 08:00-18:00; SAT,SUN closed   window for B2B debtors
     * window.margin-minutes=15                         stop this long before a window ends
     * window.search-days=14                            how far ahead to look for a common window
     * window.CA-QC=MON-SAT 08:00-20:00; SUN closed     jurisdiction override ("default" removes it)
     * holidays.CA-QC=2025-06-24,2025-07-01             extra closed dates ("none" clears the built-in ones)
     * window.consent-ignored-in=CA-ON,CA-BC,CA-QC      where outside-hours consent does not lift the window
     * unknown-location-zones=America/New_York,...      zones served when the location is unknown
     * cap.email=3/P7D                                  per-channel caps ("none" for no cap)
     * cap.sms=1/P1D,3/P7D
     * cease.allowed-templates=A,B,C                    templates passing a cease-communication ("none")
     * dispute.allowed-templates=A,B                    templates passing a dispute hold ("none")
     * email.procedures-for-consumers=true              enforce R6/R7 for consumer debtors
     * email.creditor-notice-days=35                    R6(ii) waiting period
     * sms.consent-max-age-days=60                      R6 SMS: consent older than this needs a reassigned check
     * </pre>
     *
     * @throws IllegalArgumentException naming the key and the bad value, for any malformed or unknown key
     */
    public static GateSettings fromProperties(Properties p, String prefix) {
        Objects.requireNonNull(p, "properties");
        String pre = prefix == null ? "" : prefix;
        Builder b = builder();
        for (String key : new TreeSet<>(p.stringPropertyNames())) {
            if (!key.startsWith(pre)) {
                continue;
            }
            String name = key.substring(pre.length());
            String raw = p.getProperty(key);
            String value = raw == null ? "" : raw.trim();
            try {
                if (value.isEmpty()) {
                    throw new IllegalArgumentException("the value is empty");
                }
                apply(b, name, value);
            } catch (IllegalArgumentException | DateTimeException e) {
                throw new IllegalArgumentException("Invalid compliance setting " + key + "=" + raw + ": "
                        + e.getMessage(), e);
            }
        }
        try {
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Invalid compliance settings under '" + pre + "': " + e.getMessage(), e);
        }
    }

    private static void apply(Builder b, String name, String value) {
        String lower = name.toLowerCase(Locale.ROOT);
        switch (lower) {
            case "window.default" -> b.defaultWindow(ContactWindow.parse(value));
            case "window.business" -> b.businessWindow(ContactWindow.parse(value));
            case "window.margin-minutes" -> b.windowMargin(Duration.ofMinutes(intValue(value, 0, 719)));
            case "window.search-days" -> b.windowSearchHorizon(Duration.ofDays(intValue(value, 1, 366)));
            case "window.consent-ignored-in" -> b.consentIgnoredIn(list(value, GateSettings::jurisdiction));
            case "unknown-location-zones" -> b.unknownLocationZones(new ArrayList<>(list(value, ZoneId::of)));
            case "cease.allowed-templates" -> b.ceaseAllowedTemplates(list(value, Function.identity()));
            case "dispute.allowed-templates" -> b.disputeAllowedTemplates(list(value, Function.identity()));
            case "email.procedures-for-consumers" -> b.emailProceduresForConsumers(bool(value));
            case "email.creditor-notice-days" -> b.creditorNoticeWaitDays(intValue(value, 0, 3650));
            case "sms.consent-max-age-days" -> b.smsConsentMaxAge(Duration.ofDays(intValue(value, 1, 3650)));
            default -> {
                if (lower.startsWith("window.")) {
                    String code = jurisdiction(name.substring("window.".length()));
                    if (value.equalsIgnoreCase("default")) {
                        b.removeJurisdictionWindow(code);
                    } else {
                        b.jurisdictionWindow(code, ContactWindow.parse(value));
                    }
                } else if (lower.startsWith("holidays.")) {
                    String code = jurisdiction(name.substring("holidays.".length()));
                    Set<LocalDate> dates = new TreeSet<>(list(value, GateSettings::date));
                    b.jurisdictionHolidays(code, dates);
                } else if (lower.startsWith("cap.")) {
                    Channel ch = channel(name.substring("cap.".length()));
                    b.caps(ch, new ArrayList<>(list(value, FrequencyCap::parse)));
                } else {
                    throw new IllegalArgumentException("unknown key (see GateSettings.fromProperties for the keys)");
                }
            }
        }
    }

    private static <T> Collection<T> list(String value, Function<String, T> parse) {
        if (value.equalsIgnoreCase("none")) {
            return List.of();
        }
        List<T> out = new ArrayList<>();
        for (String part : value.split(",")) {
            String t = part.trim();
            if (t.isEmpty()) {
                throw new IllegalArgumentException("empty item in list");
            }
            out.add(parse.apply(t));
        }
        return out;
    }

    private static int intValue(String value, int min, int max) {
        int v;
        try {
            v = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + value + "' is not a whole number");
        }
        if (v < min || v > max) {
            throw new IllegalArgumentException(v + " is outside " + min + ".." + max);
        }
        return v;
    }

    private static boolean bool(String value) {
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        if (value.equalsIgnoreCase("false")) {
            return false;
        }
        throw new IllegalArgumentException("'" + value + "' is not true or false");
    }

    private static LocalDate date(String text) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not a date (YYYY-MM-DD)");
        }
    }

    private static Channel channel(String code) {
        try {
            return Channel.of(code);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown channel '" + code + "'");
        }
    }

    static String jurisdiction(String code) {
        String c = code.trim().toUpperCase(Locale.ROOT);
        if (!JURISDICTION.matcher(c).matches()) {
            throw new IllegalArgumentException("'" + code + "' is not a jurisdiction code such as GB or CA-QC");
        }
        return c;
    }

    // ---------------------------------------------------------------- builder

    /** Starts from the defaults. */
    public static final class Builder {
        private ContactWindow defaultWindow = STANDARD_WINDOW;
        private ContactWindow businessWindow;
        private Duration windowMargin = Duration.ZERO;
        private final Map<String, ContactWindow> jurisdictionWindows = new TreeMap<>();
        private final Map<String, Set<LocalDate>> jurisdictionHolidays = new TreeMap<>();
        private Set<String> consentIgnoredIn = new TreeSet<>(Set.of("CA-ON", "CA-BC", "CA-QC"));
        private List<ZoneId> unknownLocationZones = new ArrayList<>(DEFAULT_UNKNOWN_LOCATION_ZONES);
        private final Map<Channel, List<FrequencyCap>> caps = new EnumMap<>(Channel.class);
        private Set<String> ceaseAllowedTemplates = new TreeSet<>(DEFAULT_CEASE_TEMPLATES);
        private Set<String> disputeAllowedTemplates = new TreeSet<>(DEFAULT_DISPUTE_TEMPLATES);
        private boolean emailProceduresForConsumers = true;
        private Duration smsConsentMaxAge = Duration.ofDays(60);
        private int creditorNoticeWaitDays = 35;
        private Duration windowSearchHorizon = Duration.ofDays(14);

        private Builder() {
            BUILT_IN_JURISDICTION_WINDOWS.forEach((code, spec) -> jurisdictionWindows.put(code, ContactWindow.parse(spec)));
            ZoneData.get().holidays.forEach((code, dates) -> jurisdictionHolidays.put(code, new TreeSet<>(dates)));
            caps.put(Channel.EMAIL, List.of(new FrequencyCap(3, Duration.ofDays(7))));
            caps.put(Channel.SMS, List.of(new FrequencyCap(1, Duration.ofDays(1)), new FrequencyCap(3, Duration.ofDays(7))));
            caps.put(Channel.PHONE, List.of(new FrequencyCap(7, Duration.ofDays(7))));
            caps.put(Channel.LETTER, List.of());
        }

        public Builder defaultWindow(ContactWindow window) {
            this.defaultWindow = Objects.requireNonNull(window, "window");
            return this;
        }

        /** The window for B2B debtors; null to use the consumer rules (default). */
        public Builder businessWindow(ContactWindow window) {
            this.businessWindow = window;
            return this;
        }

        public Builder windowMargin(Duration margin) {
            this.windowMargin = Objects.requireNonNull(margin, "margin");
            return this;
        }

        /** Sets the window of a jurisdiction; its holidays are the window's own plus any configured for the code. */
        public Builder jurisdictionWindow(String code, ContactWindow window) {
            jurisdictionWindows.put(jurisdiction(code), Objects.requireNonNull(window, "window"));
            return this;
        }

        /** Replaces the configured holidays of a jurisdiction (without a window of its own it gets the default's days). */
        public Builder jurisdictionHolidays(String code, Collection<LocalDate> dates) {
            String c = jurisdiction(code);
            if (dates.isEmpty()) {
                jurisdictionHolidays.remove(c);
            } else {
                jurisdictionHolidays.put(c, new TreeSet<>(dates));
            }
            return this;
        }

        /** Removes a jurisdiction's window and holidays, so it gets the default window. */
        public Builder removeJurisdictionWindow(String code) {
            String c = jurisdiction(code);
            jurisdictionWindows.remove(c);
            jurisdictionHolidays.remove(c);
            return this;
        }

        public Builder consentIgnoredIn(Collection<String> codes) {
            Set<String> s = new TreeSet<>();
            codes.forEach(c -> s.add(jurisdiction(c)));
            this.consentIgnoredIn = s;
            return this;
        }

        public Builder unknownLocationZones(List<ZoneId> zones) {
            this.unknownLocationZones = new ArrayList<>(zones);
            return this;
        }

        /** The caps of one channel; an empty list removes them. */
        public Builder caps(Channel channel, List<FrequencyCap> channelCaps) {
            caps.put(channel, List.copyOf(channelCaps));
            return this;
        }

        public Builder ceaseAllowedTemplates(Collection<String> templates) {
            this.ceaseAllowedTemplates = new TreeSet<>(templates);
            return this;
        }

        public Builder disputeAllowedTemplates(Collection<String> templates) {
            this.disputeAllowedTemplates = new TreeSet<>(templates);
            return this;
        }

        public Builder emailProceduresForConsumers(boolean on) {
            this.emailProceduresForConsumers = on;
            return this;
        }

        public Builder smsConsentMaxAge(Duration maxAge) {
            this.smsConsentMaxAge = maxAge;
            return this;
        }

        public Builder creditorNoticeWaitDays(int days) {
            this.creditorNoticeWaitDays = days;
            return this;
        }

        public Builder windowSearchHorizon(Duration horizon) {
            this.windowSearchHorizon = horizon;
            return this;
        }

        public GateSettings build() {
            return new GateSettings(this);
        }
    }
}
