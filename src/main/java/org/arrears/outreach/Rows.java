package org.arrears.outreach;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.arrears.compliance.Channel;
import org.arrears.compliance.ConsentSource;
import org.arrears.compliance.ContactPointProfile;
import org.arrears.compliance.DebtorProfile;

/** Maps rows of the debtor source and contact_point to the gate's profiles. */
final class Rows {

    private Rows() {
    }

    record DebtorRow(DebtorProfile profile, String name, Locale locale) {
    }

    static DebtorRow debtor(ResultSet rs) throws SQLException {
        String zone = rs.getString("time_zone");
        Array codes = rs.getArray("phone_area_codes");
        List<String> areaCodes = codes == null ? List.of() : Arrays.asList((String[]) codes.getArray());
        OffsetDateTime consent = rs.getObject("outside_hours_consent_at", OffsetDateTime.class);
        DebtorProfile p = new DebtorProfile(rs.getLong("debtor_id"), "B2C".equals(rs.getString("kind")),
                rs.getString("jurisdiction"), zone == null ? null : ZoneId.of(zone), rs.getString("postal_code"),
                areaCodes, rs.getBoolean("bankruptcy"), rs.getBoolean("deceased"), rs.getBoolean("cease_communication"),
                rs.getBoolean("attorney_represented"), consent == null ? null : consent.toInstant(),
                rs.getObject("no_contact_before", LocalTime.class), rs.getObject("no_contact_after", LocalTime.class));
        String locale = rs.getString("locale");
        return new DebtorRow(p, rs.getString("name"), Locale.forLanguageTag(locale == null ? "en" : locale.replace('_', '-')));
    }

    static ContactPointProfile contactPoint(ResultSet rs) throws SQLException {
        String source = rs.getString("consent_source");
        OffsetDateTime consentAt = rs.getObject("consent_at", OffsetDateTime.class);
        OffsetDateTime optedOut = rs.getObject("opted_out_at", OffsetDateTime.class);
        OffsetDateTime reassigned = rs.getObject("reassigned_check_at", OffsetDateTime.class);
        return new ContactPointProfile(rs.getLong("id"), Channel.of(rs.getString("channel")), rs.getString("address"),
                source == null ? null : ConsentSource.valueOf(source), consentAt == null ? null : consentAt.toInstant(),
                rs.getObject("creditor_notice_sent_on", LocalDate.class), rs.getBoolean("work_email"),
                rs.getBoolean("third_party_disclosure"), optedOut == null ? null : optedOut.toInstant(),
                "HARD_BOUNCE".equals(rs.getString("quality")), reassigned == null ? null : reassigned.toInstant(),
                ContactPointProfile.unusable(rs.getString("quality")));
    }

}
