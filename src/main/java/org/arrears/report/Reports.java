package org.arrears.report;

import java.time.LocalDate;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * The reports by name, one path for the CLI ({@code ./arrears report}), the console's Reports page and its exports:
 * which report, as of which day, over which period, for which creditors.
 */
public final class Reports {

    public enum Kind {
        AGING, DSO, CEI, CAMPAIGN, PLACEMENT, ACTIVITY;

        /** A report's name as typed ("aging", "CEI"); an unknown name fails naming the ones there are. */
        public static Kind parse(String name) {
            try {
                return valueOf(name.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException | NullPointerException e) {
                throw new IllegalArgumentException("report " + name + ": expected aging, dso, cei, campaign, placement or activity");
            }
        }

        public String code() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * @param days   the period ending on the as-of day; null for the report's default (90 for dso and cei, 30 for
     *               campaign and activity)
     * @param within campaign: days after a message a payment is attributed to it
     * @param minDpd placement: debtors with an invoice at least this many days past due
     */
    public record Params(LocalDate asOf, Integer days, int within, int minDpd, int[] agingBounds) {
        public static Params defaults(LocalDate asOf) {
            return new Params(asOf, null, 7, 60, Aging.DEFAULT_BOUNDS);
        }
    }

    private Reports() {
    }

    public static ReportTable table(DataSource ds, Kind kind, Params p, CreditorScope scope) {
        return switch (kind) {
            case AGING -> new Aging(ds, p.agingBounds()).asOf(p.asOf(), scope);
            case DSO -> new Kpis(ds).dso(p.asOf(), p.days() == null ? 90 : p.days(), scope);
            case CEI -> new Kpis(ds).cei(p.asOf(), p.days() == null ? 90 : p.days(), scope);
            case CAMPAIGN -> new CampaignEffectiveness(ds).report(p.asOf(), p.days() == null ? 30 : p.days(), p.within(), scope);
            case PLACEMENT -> new Placement(ds).report(p.asOf(), p.minDpd(), scope);
            case ACTIVITY -> new CollectorActivity(ds).report(p.asOf(), p.days() == null ? 30 : p.days(), scope);
        };
    }
}
