package org.arrears.report;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How a report cell reads as text, the same in the table printer and the CSV writer. */
final class Cells {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'");

    private Cells() {
    }

    static String text(Object v) {
        if (v == null) {
            return "";
        }
        if (v instanceof BigDecimal d) {
            return d.toPlainString();
        }
        if (v instanceof OffsetDateTime t) {
            return TIME.format(t.withOffsetSameInstant(ZoneOffset.UTC));
        }
        return v.toString();
    }

    static boolean numeric(Object v) {
        return v instanceof Number;
    }
}
