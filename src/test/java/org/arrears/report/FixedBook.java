package org.arrears.report;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import javax.sql.DataSource;

/**
 * A small book whose aging and KPIs are worked out by hand, as of {@link #AS_OF} over the 90 days from
 * {@link #BEGIN} (COMPLIANCE R45's fixture in EUR):
 * <pre>
 * EUR, creditor default                 amount    paid (date)               open now  open at BEGIN  open at AS_OF  DPD at AS_OF
 *   E-A issued 2025-12-01 due 12-31     500,000   400,000 (2026-01-15)       100,000        500,000        100,000            90
 *   E-B issued 2026-01-10 due 02-09     700,000   650,000 (2026-02-20)        50,000              -         50,000            50
 *   E-C issued 2026-03-05 due 03-20      80,000    50,000 (2026-03-25)        30,000              -         30,000            11
 *   E-D issued 2026-03-20 due 04-19     420,000    20,000 (2026-04-05, late)  400,000             -        420,000           -19
 *   E-E issued 2026-04-02 (after AS_OF)     999         -                         999              -              -             -
 * beginning AR 500,000; credit sales in the period 700,000 + 80,000 + 420,000 = 1,200,000;
 * ending AR 100,000 + 50,000 + 30,000 + 420,000 = 600,000, of which current 420,000;
 * DSO 600,000 / 1,200,000 × 90 = 45.00; BPDSO 420,000 / 1,200,000 × 90 = 31.50; ADD 13.50;
 * CEI (500,000 + 1,200,000 − 600,000) / (500,000 + 1,200,000 − 420,000) × 100 = 1,100,000 / 1,280,000 × 100 = 85.94;
 * % current 70.00.
 * Aging EUR: current 420,000; 1-30 30,000; 31-60 50,000; 61-90 100,000; 90+ 0.
 *
 * USD, creditor acme (R44's boundaries): open 10 at DPD 0, 20 at DPD 30, 40 at DPD 31, 80 at DPD 90, 160 at DPD 91,
 * and one paid in full, 5 at DPD 100 (paid 2026-03-01).
 * Aging USD: current 10; 1-30 20; 31-60 40; 61-90 80; 90+ 160.
 * </pre>
 */
final class FixedBook {

    static final LocalDate AS_OF = LocalDate.of(2026, 3, 31);
    static final LocalDate BEGIN = LocalDate.of(2025, 12, 31);

    private FixedBook() {
    }

    static void write(DataSource ds) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO creditor (id, code, legal_name) VALUES (2, 'acme', 'Acme Ltd')");
            s.execute("INSERT INTO debtor (id, name, kind, creditor_id) VALUES (1, 'Eve Euro', 'B2C', 1), (2, 'Uma Usd', 'B2B', 2)");
            s.execute("""
                    INSERT INTO invoice (id, debtor_id, invoice_number, currency, issue_date, due_date, amount, open_amount, creditor_id) VALUES
                      (1, 1, 'E-A', 'EUR', '2025-12-01', '2025-12-31', 500000, 100000, 1),
                      (2, 1, 'E-B', 'EUR', '2026-01-10', '2026-02-09', 700000,  50000, 1),
                      (3, 1, 'E-C', 'EUR', '2026-03-05', '2026-03-20',  80000,  30000, 1),
                      (4, 1, 'E-D', 'EUR', '2026-03-20', '2026-04-19', 420000, 400000, 1),
                      (5, 1, 'E-E', 'EUR', '2026-04-02', '2026-05-02',    999,    999, 1),
                      (11, 2, 'U-0',   'USD', '2025-09-01', '2026-03-31',  10,  10, 2),
                      (12, 2, 'U-30',  'USD', '2025-09-01', '2026-03-01',  20,  20, 2),
                      (13, 2, 'U-31',  'USD', '2025-09-01', '2026-02-28',  40,  40, 2),
                      (14, 2, 'U-90',  'USD', '2025-09-01', '2025-12-31',  80,  80, 2),
                      (15, 2, 'U-91',  'USD', '2025-09-01', '2025-12-30', 160, 160, 2),
                      (16, 2, 'U-100', 'USD', '2025-09-01', '2025-12-21',   5,   0, 2)""");
            s.execute("""
                    INSERT INTO payment (id, debtor_id, amount, currency, booking_date, value_date, status, creditor_id) VALUES
                      (1, 1, 400000, 'EUR', '2026-01-15', '2026-01-15', 'PARTIAL', 1),
                      (2, 1, 650000, 'EUR', '2026-02-20', NULL,         'PARTIAL', 1),
                      (3, 1,  50000, 'EUR', '2026-03-25', '2026-03-25', 'PARTIAL', 1),
                      (4, 1,  20000, 'EUR', '2026-04-05', '2026-04-05', 'PARTIAL', 1),
                      (5, 2,      5, 'USD', '2026-03-01', '2026-03-01', 'MATCHED', 2)""");
            s.execute("""
                    INSERT INTO allocation (payment_id, invoice_id, amount) VALUES
                      (1, 1, 400000), (2, 2, 650000), (3, 3, 50000), (4, 4, 20000), (5, 16, 5)""");
        }
    }
}
