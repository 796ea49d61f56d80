package org.arrears.compliance;

import java.math.BigDecimal;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The pre-send compliance gate: pure Java, no I/O. {@link #decide(ContactAttempt)} evaluates the rules in the
 * order of COMPLIANCE.md section 6 and returns the first DENY; if nothing denies, the time rules (contact
 * window in every candidate zone, designated inconvenient times, channel caps) either ALLOW now or DEFER to
 * the earliest instant at which all of them hold together.
 *
 * <ol>
 *   <li>R20 bankruptcy, R19 deceased</li>
 *   <li>R11 cease communication (only the configured notices pass)</li>
 *   <li>R12 attorney represented</li>
 *   <li>Holds (R9 dispute and the others), paid, below the minimum balance</li>
 *   <li>The contact point: missing, R5 opted out, hard bounce, invalid / landline / returned, third-party
 *       disclosure, R7 employer email, R6 email procedure, R6 and R24 SMS consent</li>
 *   <li>R1/R2 contact window (or the jurisdiction's: R34, R41, R42), R3 inconvenient times → DEFER</li>
 *   <li>R4 per-channel caps → DEFER</li>
 * </ol>
 *
 * Every decision carries a one-sentence detail naming the rule and the local time and zone; it never holds
 * names, addresses or free-text hold reasons.
 */
public final class ComplianceGate {

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm", Locale.ROOT);
    private static final EnumSet<ConsentSource> CONSUMER_PROVIDED =
            EnumSet.of(ConsentSource.CONSUMER_USED, ConsentSource.CONSUMER_CONSENT, ConsentSource.PRIOR_COLLECTOR);
    private static final EnumSet<ConsentSource> SMS_CONSENT =
            EnumSet.of(ConsentSource.CONSUMER_USED, ConsentSource.CONSUMER_CONSENT);
    private static final Map<String, String> WINDOW_RULE = Map.of(
            "CA-ON", "R41 Ontario contact hours",
            "CA-BC", "R42 British Columbia contact hours",
            "CA-QC", "R42 Quebec contact hours",
            "GB", "R34 UK contact hours");

    private final GateSettings settings;
    private final CandidateZones candidateZones;

    public ComplianceGate(GateSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.candidateZones = CandidateZones.of(settings);
    }

    public GateSettings settings() {
        return settings;
    }

    public Decision decide(ContactAttempt attempt) {
        Objects.requireNonNull(attempt, "attempt");
        DebtorProfile debtor = Objects.requireNonNull(attempt.debtor(), "attempt.debtor");
        Instant now = Objects.requireNonNull(attempt.now(), "attempt.now");
        Channel channel = Objects.requireNonNull(attempt.channel(), "attempt.channel");
        CandidateZones.Resolution resolution = candidateZones.resolve(debtor);
        List<ZoneId> zones = List.copyOf(resolution.zones());
        Context ctx = new Context(attempt, debtor, now, channel, resolution, zones);

        Decision d = legalState(ctx);
        if (d == null) {
            d = holdsAndBalance(ctx);
        }
        if (d == null) {
            d = contactPoint(ctx);
        }
        if (d == null) {
            d = senderHold(ctx);
        }
        if (d == null) {
            d = timing(ctx);
        }
        return d;
    }

    private record Context(ContactAttempt attempt, DebtorProfile debtor, Instant now, Channel channel,
                           CandidateZones.Resolution resolution, List<ZoneId> zones) {

        ZoneId firstZone() {
            return zones.get(0);
        }

        /** ", checked at Tue 2025-07-15 10:00 America/New_York." */
        String checked() {
            return ", checked at " + local(now, firstZone()) + " " + firstZone() + ".";
        }
    }

    /** R31: email of a sending domain held for its complaint or bounce rate waits until a person releases it. */
    private Decision senderHold(Context c) {
        SenderHold hold = c.attempt().senderHold();
        if (hold == null || c.channel() != Channel.EMAIL) {
            return null;
        }
        Instant again = hold.lookAgain().isAfter(c.now()) ? hold.lookAgain() : c.now().plus(Duration.ofMinutes(15));
        return Decision.defer(ReasonCode.REPUTATION_HOLD, again, "R31 sender reputation: email from " + hold.domain()
                + " is held for its complaint or bounce rate until a person releases it (arrears mail release-domain "
                + hold.domain() + ")" + c.checked());
    }

    // ---------------------------------------------------------------- a-c: legal state

    private Decision legalState(Context c) {
        DebtorProfile d = c.debtor();
        if (d.bankruptcy()) {
            return Decision.deny(ReasonCode.BANKRUPTCY, "R20 bankruptcy: the debtor is under a bankruptcy stay or "
                    + "discharge, so no collection message is sent" + c.checked());
        }
        if (d.deceased()) {
            return Decision.deny(ReasonCode.DECEASED, "R19 deceased: the debtor is reported deceased, so messages to "
                    + "the debtor's own addresses stop and the estate workflow takes over" + c.checked());
        }
        if (d.ceaseCommunication() && !settings.ceaseAllowedTemplates().contains(c.attempt().template())) {
            return Decision.deny(ReasonCode.CEASE_COMMUNICATION, "R11 cease communication: the debtor asked in writing "
                    + "to stop, and template " + c.attempt().template() + " is not one of the notices allowed "
                    + "after a cease" + c.checked());
        }
        if (d.attorneyRepresented()) {
            return Decision.deny(ReasonCode.ATTORNEY_REPRESENTED, "R12 attorney: the debtor is represented by an "
                    + "attorney, so direct contact stops and the message goes to the attorney task" + c.checked());
        }
        return null;
    }

    // ---------------------------------------------------------------- d: holds and balance

    private Decision holdsAndBalance(Context c) {
        ContactAttempt a = c.attempt();
        boolean answersDispute = a.template() != null && settings.disputeAllowedTemplates().contains(a.template());
        List<ActiveHold> holds = new ArrayList<>();
        boolean anyDispute = false;
        for (ActiveHold h : a.holds()) {
            if (h == null || h.kind() == null) {
                continue;
            }
            if (h.kind() == HoldKind.DISPUTE) {
                anyDispute = true;
                if (answersDispute) {
                    continue;
                }
            }
            holds.add(h);
        }
        for (ActiveHold h : holds) {
            if (h.invoiceId() == null) {
                return Decision.deny(h.kind().reason(), holdRule(h.kind()) + ": a debtor-level " + holdName(h.kind())
                        + " hold is in force, so no collection message is sent" + c.checked());
            }
        }
        if (a.openInvoices() <= 0) {
            for (ActiveHold h : holds) {
                return Decision.deny(h.kind().reason(), holdRule(h.kind()) + ": every invoice in the message is "
                        + "closed or held, and a " + holdName(h.kind()) + " hold is in force on one of them" + c.checked());
            }
            if (!(answersDispute && anyDispute)) {
                return Decision.deny(ReasonCode.PAID, "Balance check: no invoice in the message is still open, so "
                        + "there is nothing to collect" + c.checked());
            }
        }
        if (answersDispute) {
            return null;
        }
        BigDecimal balance = a.openBalance();
        if (balance == null) {
            return Decision.deny(ReasonCode.BELOW_MINIMUM, "Balance check: the fresh open balance is missing, so the "
                    + "minimum-balance rule cannot be confirmed" + c.checked());
        }
        if (a.openInvoices() > 0 && balance.signum() <= 0) {
            return Decision.deny(ReasonCode.PAID, "Balance check: the fresh open balance is " + balance.toPlainString()
                    + ", so there is nothing to collect" + c.checked());
        }
        if (balance.compareTo(a.minimumBalance()) < 0) {
            return Decision.deny(ReasonCode.BELOW_MINIMUM, "Minimum balance: the open balance is below the policy "
                    + "minimum of " + a.minimumBalance().toPlainString() + c.checked());
        }
        return null;
    }

    private static String holdRule(HoldKind k) {
        return switch (k) {
            case DISPUTE -> "R9 dispute";
            case PROMISE_TO_PAY -> "R46 promise to pay";
            case PAYMENT_PLAN -> "R47 payment plan";
            case LEGAL -> "Legal hold";
            case DO_NOT_CONTACT -> "Do-not-contact hold";
        };
    }

    private static String holdName(HoldKind k) {
        return k.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    // ---------------------------------------------------------------- e: the contact point

    private Decision contactPoint(Context c) {
        ContactPointProfile cp = c.attempt().contactPoint();
        String ch = c.channel().code();
        if (cp == null) {
            return Decision.deny(ReasonCode.NO_CONTACT_POINT, "Contact point: the debtor has no " + ch
                    + " address to send to" + c.checked());
        }
        if (cp.channel() != null && cp.channel() != c.channel()) {
            return Decision.deny(ReasonCode.NO_CONTACT_POINT, "Contact point: the address given is for "
                    + cp.channel().code() + ", not " + ch + c.checked());
        }
        if (cp.optedOutAt() != null) {
            return Decision.deny(ReasonCode.OPTED_OUT, "R5 opt-out: this " + ch + " address opted out of "
                    + "electronic messages on " + local(cp.optedOutAt(), c.firstZone()) + c.checked());
        }
        if (cp.hardBounced()) {
            return Decision.deny(ReasonCode.HARD_BOUNCE, "R33 hard bounce: a permanent delivery failure is on record "
                    + "for this " + ch + " address" + c.checked());
        }
        if (cp.unusable() != null) {
            return Decision.deny(cp.unusable(), "Contact point: this " + ch + " address "
                    + switch (cp.unusable()) {
                        case INVALID_NUMBER -> "is not a valid number or address for " + ch;
                        case LANDLINE -> "is a landline, which cannot receive texts";
                        default -> "was reported undeliverable (returned mail)";
                    } + c.checked());
        }
        if (cp.thirdPartyDisclosure()) {
            return Decision.deny(ReasonCode.THIRD_PARTY_DISCLOSURE, "R6 third-party disclosure: this " + ch
                    + " address is known to have reached someone other than the debtor" + c.checked());
        }
        if (c.channel() == Channel.SMS && !SMS_CONSENT.contains(cp.consentSource())) {
            // R24: a text to a mobile needs the subscriber's prior express consent, a business's mobile too
            return Decision.deny(ReasonCode.NO_SMS_CONSENT, "R24 consent: the number (source " + name(cp.consentSource())
                    + ") was neither given nor used by the debtor to text us, so no text may go to it" + c.checked());
        }
        if (!c.debtor().consumer()) {
            return null;
        }
        if (c.channel() == Channel.EMAIL && settings.emailProceduresForConsumers()) {
            return emailProcedure(c, cp);
        }
        if (c.channel() == Channel.SMS) {
            return smsConsent(c, cp);
        }
        return null;
    }

    private Decision emailProcedure(Context c, ContactPointProfile cp) {
        ConsentSource src = cp.consentSource();
        if (cp.workEmail() && !CONSUMER_PROVIDED.contains(src)) {
            return Decision.deny(ReasonCode.EMPLOYER_EMAIL, "R7 employer email: the address is employer-provided and "
                    + "the consumer has not used it with us or consented to it (source " + name(src) + ")" + c.checked());
        }
        if (CONSUMER_PROVIDED.contains(src)) {
            return null;
        }
        if (src == ConsentSource.CREDITOR_NOTICE) {
            LocalDate sentOn = cp.creditorNoticeSentOn();
            if (sentOn == null) {
                return Decision.deny(ReasonCode.NO_EMAIL_PROCEDURE, "R6 email procedure: the address relies on a "
                        + "creditor notice but no notice date is on record" + c.checked());
            }
            LocalDate sendDate = earliestLocalDate(c.now(), c.zones());
            long days = ChronoUnit.DAYS.between(sentOn, sendDate);
            if (days < settings.creditorNoticeWaitDays()) {
                return Decision.deny(ReasonCode.NO_EMAIL_PROCEDURE, "R6 email procedure: the creditor notice was sent "
                        + days + " days before the local send date " + sendDate + " in " + c.firstZone()
                        + ", fewer than the required " + settings.creditorNoticeWaitDays() + c.checked());
            }
            return null;
        }
        return Decision.deny(ReasonCode.NO_EMAIL_PROCEDURE, "R6 email procedure: the address (source " + name(src)
                + ") passes none of the consumer-use, consent, creditor-notice or prior-collector procedures" + c.checked());
    }

    /** R6 for a consumer's number whose consent source passed R24 already: the consent must be recent enough. */
    private Decision smsConsent(Context c, ContactPointProfile cp) {
        Instant consentAt = cp.consentAt();
        if (consentAt == null) {
            return Decision.deny(ReasonCode.NO_SMS_CONSENT, "R6 SMS procedure: the consent date is unknown, so its "
                    + "age cannot be confirmed" + c.checked());
        }
        Instant evidence = consentAt;
        if (cp.reassignedCheckAt() != null && cp.reassignedCheckAt().isAfter(consentAt)) {
            evidence = cp.reassignedCheckAt();
        }
        Duration age = Duration.between(evidence, c.now());
        if (age.compareTo(settings.smsConsentMaxAge()) > 0) {
            return Decision.deny(ReasonCode.NO_SMS_CONSENT, "R6 SMS procedure: the consent is " + age.toDays()
                    + " days old and no reassigned-number check since then is within the last "
                    + settings.smsConsentMaxAge().toDays() + " days" + c.checked());
        }
        return null;
    }

    private static String name(ConsentSource s) {
        return s == null ? "unknown" : s.name();
    }

    /** The earliest local date of {@code t} across the zones (where the calendar is furthest behind). */
    private static LocalDate earliestLocalDate(Instant t, List<ZoneId> zones) {
        LocalDate min = null;
        for (ZoneId z : zones) {
            LocalDate d = t.atZone(z).toLocalDate();
            if (min == null || d.isBefore(min)) {
                min = d;
            }
        }
        return min;
    }

    // ---------------------------------------------------------------- f-g: time window, inconvenient times, caps

    private Decision timing(Context c) {
        DebtorProfile d = c.debtor();
        Instant now = c.now();
        List<ZoneId> zones = c.zones();

        ContactWindow window = settings.windowFor(d).shortenedBy(settings.windowMargin());
        Optional<String> jurisdictionKey = d.consumer() || settings.businessWindow().isEmpty()
                ? settings.jurisdictionKey(d.jurisdiction()) : Optional.empty();
        boolean consentLifts = d.consumer() && d.outsideHoursConsentAt() != null
                && !d.outsideHoursConsentAt().isAfter(now)
                && jurisdictionKey.map(k -> !settings.consentIgnoredIn().contains(k)).orElse(true);

        WindowCalculator.Constraint quiet = consentLifts ? null : WindowCalculator.windowInEvery(window, zones);
        ContactWindow inconvenient = inconvenientWindow(d);
        WindowCalculator.Constraint r3 = inconvenient == null ? null : WindowCalculator.windowInEvery(inconvenient, zones);
        List<FrequencyCap> caps = settings.caps(c.channel());
        List<Instant> sends = c.attempt().recentSends();
        WindowCalculator.Constraint cap = caps.isEmpty() ? null : (t, limit) -> {
            Instant release = t;
            for (FrequencyCap fc : caps) {
                Instant r = fc.releaseAt(sends, t);
                if (r.isAfter(release)) {
                    release = r;
                }
            }
            return release.isAfter(limit) ? Optional.empty() : Optional.of(release);
        };

        List<WindowCalculator.Constraint> all = new ArrayList<>();
        if (quiet != null) {
            all.add(quiet);
        }
        if (r3 != null) {
            all.add(r3);
        }
        if (cap != null) {
            all.add(cap);
        }
        Duration longestCap = caps.stream().map(FrequencyCap::window).max(Duration::compareTo).orElse(Duration.ZERO);
        Instant limit = now.plus(settings.windowSearchHorizon()).plus(longestCap);
        Optional<Instant> earliest = WindowCalculator.earliest(all, now, limit);

        boolean businessHours = !d.consumer() && settings.businessWindow().isPresent();
        String windowRule = businessHours ? "Business hours" : windowRule(jurisdictionKey, zones, c.resolution().basis());
        if (earliest.isEmpty()) {
            return Decision.deny(ReasonCode.NO_CONTACT_WINDOW, windowRule + ": no instant in the next "
                    + Duration.between(now, limit).toDays() + " days satisfies the window "
                    + window.describe() + " in every candidate zone " + zones + " together with the other time rules"
                    + c.checked());
        }
        Instant at = earliest.get();
        if (at.equals(now)) {
            String how = consentLifts ? " (the consumer consented to contact outside the usual hours)" : "";
            return new Decision(Verdict.ALLOW, ReasonCode.OK, null, "Allowed: every rule passed at "
                    + local(now, c.firstZone()) + " " + c.firstZone() + how + ".");
        }
        String earliestText = "; earliest allowed " + local(at, c.firstZone()) + " " + c.firstZone() + " (" + at + ").";
        if (quiet != null && !quiet.holdsAt(now)) {
            ZoneId closedIn = zones.stream().filter(z -> !window.isOpen(now, z)).findFirst().orElse(c.firstZone());
            String where = zones.size() == 1 ? ""
                    : " that must hold in all " + zones.size() + " candidate zones " + zones;
            return Decision.defer(ReasonCode.QUIET_HOURS, at, windowRule + ": it is " + local(now, closedIn) + " in "
                    + closedIn + ", outside the contact window " + window.describe() + where
                    + (window.holidays().contains(now.atZone(closedIn).toLocalDate()) ? " (today is a holiday there)" : "")
                    + earliestText);
        }
        if (r3 != null && !r3.holdsAt(now)) {
            ZoneId closedIn = zones.stream().filter(z -> !inconvenient.isOpen(now, z)).findFirst().orElse(c.firstZone());
            return Decision.defer(ReasonCode.INCONVENIENT_TIME, at, "R3 inconvenient time: it is " + local(now, closedIn)
                    + " in " + closedIn + ", outside the times the debtor accepts (" + inconvenient.describe() + ")"
                    + earliestText);
        }
        if (cap != null && !cap.holdsAt(now)) {
            FrequencyCap hit = caps.stream().filter(fc -> fc.countAt(sends, now) >= fc.maxCount()).findFirst()
                    .orElse(caps.get(0));
            return Decision.defer(ReasonCode.CHANNEL_CAP, at, "R4 channel cap: " + hit.countAt(sends, now) + " "
                    + c.channel().code() + " messages were sent in the last " + FrequencyCap.text(hit.window())
                    + " (cap " + hit + ") as of " + local(now, c.firstZone()) + " " + c.firstZone() + earliestText);
        }
        throw new IllegalStateException("time rules hold at " + now + " but the earliest instant is " + at);
    }

    private static String windowRule(Optional<String> jurisdictionKey, List<ZoneId> zones, CandidateZones.Basis basis) {
        if (jurisdictionKey.isPresent()) {
            return WINDOW_RULE.getOrDefault(jurisdictionKey.get(), "Contact hours for " + jurisdictionKey.get());
        }
        if (basis == CandidateZones.Basis.UNKNOWN_LOCATION) {
            return "R2 unknown location";
        }
        return zones.size() > 1 ? "R2 conflicting location" : "R1 quiet hours";
    }

    /**
     * R3: the local times the debtor accepts, every day; null when no constraint is recorded. A
     * {@code noContactAfter} of 00:00 means the end of the day; when {@code noContactBefore} is later than
     * {@code noContactAfter} the accepted time wraps past midnight; when they are equal nothing is accepted.
     */
    static ContactWindow inconvenientWindow(DebtorProfile d) {
        LocalTime before = d.noContactBefore();
        LocalTime after = d.noContactAfter();
        if (before == null && after == null) {
            return null;
        }
        int b = before == null ? 0 : before.toSecondOfDay();
        int a = after == null || after.equals(LocalTime.MIDNIGHT) ? 86_400 : after.toSecondOfDay();
        ContactWindow.Builder w = ContactWindow.builder();
        for (DayOfWeek day : DayOfWeek.values()) {
            if (b < a) {
                w.open(day, new ContactWindow.Interval(b, a));
            } else if (b > a) {
                w.open(day, new ContactWindow.Interval(0, a));
                w.open(day, new ContactWindow.Interval(b, 86_400));
            }
        }
        return w.build();
    }

    static String local(Instant t, ZoneId zone) {
        return LOCAL.format(t.atZone(zone));
    }
}
