package org.arrears.compliance;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/** Small builders for gate inputs; every default is a plain, allowed case. */
final class Fixtures {

    static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
    static final ZoneId CHICAGO = ZoneId.of("America/Chicago");
    static final ZoneId DENVER = ZoneId.of("America/Denver");
    static final ZoneId LOS_ANGELES = ZoneId.of("America/Los_Angeles");
    static final ZoneId HONOLULU = ZoneId.of("Pacific/Honolulu");
    static final ZoneId ANCHORAGE = ZoneId.of("America/Anchorage");
    static final ZoneId TORONTO = ZoneId.of("America/Toronto");
    static final ZoneId VANCOUVER = ZoneId.of("America/Vancouver");
    static final ZoneId LONDON = ZoneId.of("Europe/London");
    static final ZoneId UTC = ZoneId.of("UTC");

    private Fixtures() {
    }

    /** The instant of a local date-time ("2025-07-15T10:30") in a zone. */
    static Instant at(String localDateTime, ZoneId zone) {
        return LocalDateTime.parse(localDateTime).atZone(zone).toInstant();
    }

    static Instant utc(String instant) {
        return Instant.parse(instant);
    }

    static DebtorBuilder debtor() {
        return new DebtorBuilder();
    }

    static PointBuilder email() {
        return new PointBuilder(Channel.EMAIL, "jane.doe@example.com", ConsentSource.CONSUMER_USED);
    }

    static PointBuilder sms() {
        return new PointBuilder(Channel.SMS, "+12125550123", ConsentSource.CONSUMER_CONSENT);
    }

    static PointBuilder letter() {
        return new PointBuilder(Channel.LETTER, "1 Main St, Springfield", null);
    }

    static AttemptBuilder attempt(Instant now) {
        return new AttemptBuilder(now);
    }

    static final class DebtorBuilder {
        boolean consumer = true;
        String jurisdiction;
        ZoneId zone;
        String postalCode;
        List<String> areaCodes = List.of();
        boolean bankruptcy;
        boolean deceased;
        boolean cease;
        boolean attorney;
        Instant outsideHoursConsentAt;
        LocalTime noContactBefore;
        LocalTime noContactAfter;

        DebtorBuilder business() {
            consumer = false;
            return this;
        }

        DebtorBuilder jurisdiction(String j) {
            jurisdiction = j;
            return this;
        }

        DebtorBuilder zone(ZoneId z) {
            zone = z;
            return this;
        }

        DebtorBuilder postalCode(String p) {
            postalCode = p;
            return this;
        }

        DebtorBuilder areaCodes(String... codes) {
            areaCodes = List.of(codes);
            return this;
        }

        DebtorBuilder bankruptcy() {
            bankruptcy = true;
            return this;
        }

        DebtorBuilder deceased() {
            deceased = true;
            return this;
        }

        DebtorBuilder cease() {
            cease = true;
            return this;
        }

        DebtorBuilder attorney() {
            attorney = true;
            return this;
        }

        DebtorBuilder outsideHoursConsentAt(Instant t) {
            outsideHoursConsentAt = t;
            return this;
        }

        DebtorBuilder noContactBefore(LocalTime t) {
            noContactBefore = t;
            return this;
        }

        DebtorBuilder noContactAfter(LocalTime t) {
            noContactAfter = t;
            return this;
        }

        DebtorProfile build() {
            return new DebtorProfile(42L, consumer, jurisdiction, zone, postalCode, areaCodes, bankruptcy, deceased,
                    cease, attorney, outsideHoursConsentAt, noContactBefore, noContactAfter);
        }
    }

    static final class PointBuilder {
        final Channel channel;
        final String address;
        ConsentSource source;
        Instant consentAt = Instant.parse("2025-01-01T12:00:00Z");
        LocalDate creditorNoticeSentOn;
        boolean workEmail;
        boolean thirdParty;
        Instant optedOutAt;
        boolean hardBounced;
        Instant reassignedCheckAt;
        ReasonCode unusable;

        PointBuilder(Channel channel, String address, ConsentSource source) {
            this.channel = channel;
            this.address = address;
            this.source = source;
        }

        PointBuilder source(ConsentSource s) {
            source = s;
            return this;
        }

        PointBuilder consentAt(Instant t) {
            consentAt = t;
            return this;
        }

        PointBuilder creditorNoticeSentOn(LocalDate d) {
            creditorNoticeSentOn = d;
            return this;
        }

        PointBuilder workEmail() {
            workEmail = true;
            return this;
        }

        PointBuilder thirdParty() {
            thirdParty = true;
            return this;
        }

        PointBuilder optedOutAt(Instant t) {
            optedOutAt = t;
            return this;
        }

        PointBuilder hardBounced() {
            hardBounced = true;
            return this;
        }

        PointBuilder reassignedCheckAt(Instant t) {
            reassignedCheckAt = t;
            return this;
        }

        PointBuilder unusable(ReasonCode why) {
            unusable = why;
            return this;
        }

        ContactPointProfile build() {
            return new ContactPointProfile(7L, channel, address, source, consentAt, creditorNoticeSentOn, workEmail,
                    thirdParty, optedOutAt, hardBounced, reassignedCheckAt, unusable);
        }
    }

    static final class AttemptBuilder {
        final Instant now;
        Channel channel = Channel.EMAIL;
        String template = "REMINDER_T_PLUS_7";
        DebtorProfile debtor = Fixtures.debtor().zone(NEW_YORK).build();
        ContactPointProfile point;
        boolean pointSet;
        List<ActiveHold> holds = new ArrayList<>();
        int openInvoices = 1;
        BigDecimal openBalance = new BigDecimal("125.00");
        BigDecimal minimumBalance = BigDecimal.ZERO;
        List<Instant> sends = new ArrayList<>();

        AttemptBuilder(Instant now) {
            this.now = now;
        }

        AttemptBuilder debtor(DebtorBuilder d) {
            debtor = d.build();
            return this;
        }

        /** Sets the channel and the contact point together. */
        AttemptBuilder via(PointBuilder p) {
            channel = p.channel;
            point = p.build();
            pointSet = true;
            return this;
        }

        AttemptBuilder channel(Channel c) {
            channel = c;
            return this;
        }

        AttemptBuilder noContactPoint() {
            point = null;
            pointSet = true;
            return this;
        }

        AttemptBuilder template(String t) {
            template = t;
            return this;
        }

        AttemptBuilder hold(HoldKind kind, Long invoiceId) {
            holds.add(new ActiveHold(kind, invoiceId, "free text that must not reach the detail"));
            return this;
        }

        AttemptBuilder openInvoices(int n) {
            openInvoices = n;
            return this;
        }

        AttemptBuilder balance(String open, String minimum) {
            openBalance = open == null ? null : new BigDecimal(open);
            minimumBalance = new BigDecimal(minimum);
            return this;
        }

        AttemptBuilder sentAt(Instant... instants) {
            sends.addAll(List.of(instants));
            return this;
        }

        AttemptBuilder sentEvery(Duration step, int count) {
            for (int k = 1; k <= count; k++) {
                sends.add(now.minus(step.multipliedBy(k)));
            }
            return this;
        }

        ContactAttempt build() {
            ContactPointProfile cp = pointSet ? point : defaultPoint();
            sends.sort(java.util.Comparator.reverseOrder());
            return new ContactAttempt(1001L, channel, template, now, debtor, cp, holds, openInvoices, openBalance,
                    minimumBalance, sends, senderHold);
        }

        SenderHold senderHold;

        /** Email of this sending domain is held for its reputation. */
        AttemptBuilder senderHeld(String domain, Instant lookAgain) {
            senderHold = new SenderHold(domain, lookAgain);
            return this;
        }

        private ContactPointProfile defaultPoint() {
            return switch (channel) {
                case EMAIL -> email().build();
                case SMS -> sms().consentAt(now.minus(Duration.ofDays(10))).build();
                case LETTER -> letter().build();
                case PHONE -> new PointBuilder(Channel.PHONE, "+12125550123", ConsentSource.CONSUMER_CONSENT).build();
            };
        }
    }
}
