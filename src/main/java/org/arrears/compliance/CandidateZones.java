package org.arrears.compliance;

import java.time.ZoneId;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * R2 location resolver: every time zone the debtor might be in.
 *
 * <ol>
 *   <li>The known zone, if set; plus the zones implied by a US ZIP code (ZIP3 prefix, then state; a state
 *       spanning two zones gives both) or a Canadian postal code (first letter); plus the zones of every
 *       geographic NANP area code among the debtor's phones. Toll-free and other non-geographic codes give
 *       nothing.</li>
 *   <li>If that evidence gives nothing, the zones of the debtor's jurisdiction ({@code US-FL}, {@code CA-QC},
 *       {@code GB}; a sub-code such as {@code GB-ENG} falls back to its country).</li>
 *   <li>If still nothing, the configured zones served when the location is unknown.</li>
 * </ol>
 * The gate then contacts only when the window holds in all of them. The known zone comes first in the
 * returned order.
 */
public final class CandidateZones {

    private static final Pattern US_ZIP = Pattern.compile("(\\d{5})(?:[- ]?\\d{4})?");
    private static final Pattern CA_POSTAL = Pattern.compile("([ABCEGHJ-NPRSTVXY])\\d[A-Z](?: ?\\d[A-Z]\\d)?");

    /** How the zones were found. */
    public enum Basis {
        /** From the known zone, postal code or area codes. */
        EVIDENCE,
        /** From the debtor's jurisdiction only. */
        JURISDICTION,
        /** No location evidence: the configured zones served. */
        UNKNOWN_LOCATION
    }

    /** The candidate zones, in order (known zone first), and how they were found. */
    public record Resolution(Set<ZoneId> zones, Basis basis) {
        public Resolution {
            zones = Collections.unmodifiableSet(new LinkedHashSet<>(zones));
            if (zones.isEmpty()) {
                throw new IllegalArgumentException("a resolution needs at least one zone");
            }
        }
    }

    private final Set<ZoneId> unknownLocationZones;

    public CandidateZones(List<ZoneId> unknownLocationZones) {
        if (unknownLocationZones == null || unknownLocationZones.isEmpty()) {
            throw new IllegalArgumentException("at least one unknown-location zone is needed");
        }
        this.unknownLocationZones = Collections.unmodifiableSet(new LinkedHashSet<>(unknownLocationZones));
    }

    public static CandidateZones of(GateSettings settings) {
        return new CandidateZones(settings.unknownLocationZones());
    }

    public Set<ZoneId> zonesFor(DebtorProfile debtor) {
        return resolve(debtor).zones();
    }

    public Resolution resolve(DebtorProfile debtor) {
        Objects.requireNonNull(debtor, "debtor");
        Set<ZoneId> out = new LinkedHashSet<>();
        if (debtor.timeZone() != null) {
            out.add(debtor.timeZone());
        }
        // ZIP codes and area codes are North American evidence: a German 70173 is not a US ZIP
        if (northAmericanOrUnknown(debtor.jurisdiction())) {
            out.addAll(zonesForPostalCode(debtor.postalCode()));
            for (String code : debtor.phoneAreaCodes()) {
                out.addAll(zonesForAreaCode(code));
            }
        }
        if (!out.isEmpty()) {
            return new Resolution(out, Basis.EVIDENCE);
        }
        Set<ZoneId> byJurisdiction = zonesForJurisdiction(debtor.jurisdiction());
        if (!byJurisdiction.isEmpty()) {
            return new Resolution(byJurisdiction, Basis.JURISDICTION);
        }
        return new Resolution(unknownLocationZones, Basis.UNKNOWN_LOCATION);
    }

    static boolean northAmericanOrUnknown(String jurisdiction) {
        if (jurisdiction == null || jurisdiction.isBlank()) {
            return true;
        }
        String j = jurisdiction.trim().toUpperCase(Locale.ROOT);
        return j.equals("US") || j.equals("CA") || j.startsWith("US-") || j.startsWith("CA-");
    }

    /** Zones of a US ZIP (5 digits, optional +4) or a Canadian postal code; empty for anything else. */
    public static Set<ZoneId> zonesForPostalCode(String postalCode) {
        if (postalCode == null) {
            return Set.of();
        }
        String p = postalCode.trim().toUpperCase(Locale.ROOT);
        var zip = US_ZIP.matcher(p);
        if (zip.matches()) {
            return regionForZip(p).map(ZoneData.get().regionZones::get).orElse(Set.of());
        }
        var ca = CA_POSTAL.matcher(p);
        if (ca.matches()) {
            return ZoneData.get().caPostalZones.getOrDefault(ca.group(1).charAt(0), Set.of());
        }
        return Set.of();
    }

    /** The region ({@code US-NY}, {@code US-PR}) of a US ZIP code, empty when unassigned or not a ZIP. */
    public static Optional<String> regionForZip(String zip) {
        if (zip == null) {
            return Optional.empty();
        }
        var m = US_ZIP.matcher(zip.trim());
        if (!m.matches()) {
            return Optional.empty();
        }
        int prefix = Integer.parseInt(m.group(1).substring(0, 3));
        return Optional.ofNullable(ZoneData.get().zip3Region[prefix]);
    }

    /**
     * Zones of a NANP area code given as {@code 212}, {@code (212)}, {@code +1 212} or {@code 1-212}; empty for
     * non-geographic codes (800, 888, 877, 866, 855, 844, 833, 500, 900, ...) and anything unrecognised.
     */
    public static Set<ZoneId> zonesForAreaCode(String areaCode) {
        return normalizeAreaCode(areaCode).map(ZoneData.get().areaCodeZones::get).orElse(Set.of());
    }

    /** The region ({@code US-HI}, {@code CA-ON}) of a geographic area code. */
    public static Optional<String> regionForAreaCode(String areaCode) {
        return normalizeAreaCode(areaCode).map(ZoneData.get().areaCodeRegion::get);
    }

    /** Zones of a jurisdiction code; {@code GB-ENG} falls back to {@code GB}; empty when unknown. */
    public static Set<ZoneId> zonesForJurisdiction(String jurisdiction) {
        if (jurisdiction == null || jurisdiction.isBlank()) {
            return Set.of();
        }
        String j = jurisdiction.trim().toUpperCase(Locale.ROOT);
        Set<ZoneId> z = ZoneData.get().regionZones.get(j);
        if (z == null && j.indexOf('-') > 0) {
            z = ZoneData.get().regionZones.get(j.substring(0, j.indexOf('-')));
        }
        return z == null ? Set.of() : z;
    }

    private static Optional<String> normalizeAreaCode(String areaCode) {
        if (areaCode == null) {
            return Optional.empty();
        }
        String digits = areaCode.replaceAll("\\D", "");
        if (digits.length() == 4 && digits.charAt(0) == '1') {
            digits = digits.substring(1);
        }
        return digits.length() == 3 ? Optional.of(digits) : Optional.empty();
    }
}
