package org.arrears.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.arrears.cli.ArrearsCli;
import org.arrears.config.ConfigException;
import org.arrears.config.Settings;
import org.arrears.testing.TestBook;
import org.arrears.testing.TestDatabase;
import org.arrears.testing.Migrations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Installing into an ERP's database: the hub's tables go into their own schema, nothing of the ERP changes, and
 * an installation from before schemas (tables in public) is found and kept working.
 */
class ExistingDatabaseInstallTest {

    static final LocalDate DAY = LocalDate.of(2026, 3, 16);

    /** An ERP's own tables, two of them named like the hub's (invoice, debtor), with rows, a view and a function. */
    static final String ERP = """
            CREATE TABLE public.debtor (kdnr bigint PRIMARY KEY, firma text NOT NULL);
            CREATE TABLE public.invoice (belegnr bigserial PRIMARY KEY, kdnr bigint REFERENCES public.debtor, offen numeric(12, 2));
            CREATE INDEX invoice_kdnr ON public.invoice (kdnr);
            CREATE TABLE public.lager (artikel text PRIMARY KEY, menge int);
            CREATE VIEW public.offene_posten AS SELECT kdnr, sum(offen) AS offen FROM public.invoice GROUP BY kdnr;
            CREATE FUNCTION public.mwst(numeric) RETURNS numeric LANGUAGE sql AS 'SELECT $1 * 0.19';
            INSERT INTO public.debtor VALUES (1, 'Müller GmbH'), (2, 'Schulz KG');
            INSERT INTO public.invoice (kdnr, offen) VALUES (1, 119.00), (1, 50.00), (2, 7.50);
            INSERT INTO public.lager VALUES ('Schraube', 5000), ('Mutter', 1200)""";

    @TempDir
    Path tmp;

    @Test
    void dbMigrateIntoAnErpDatabaseLeavesItsTablesRowsAndColumnsUntouchedAndTheHubThenPlans() throws Exception {
        String url = TestDatabase.freshUrl();
        try (Database raw = Database.of(url, "postgres", null, 2)) {
            TestBook erp = new TestBook(raw.dataSource());
            for (String ddl : ERP.split(";\n")) {
                erp.execute(ddl);
            }
            String before = publicSchema(erp);
            Path config = config(url);

            String out = cli("--config", config.toString(), "db", "migrate");

            assertThat(out).contains("schema arrears at version " + Migrations.latestVersion());
            assertThat(publicSchema(erp)).isEqualTo(before);
            assertThat(erp.queryLong("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'arrears' "
                    + "AND table_name IN ('flyway_schema_history', 'communication', 'debtor', 'invoice')")).isEqualTo(4);

            // the hub works on its own tables, which come first in the search path
            try (Database hubDb = Database.of(url, "postgres", null, 2)) {
                assertThat(hubDb.nameClashes()).containsExactly("public.debtor", "public.invoice");
                TestBook book = new TestBook(hubDb.dataSource());
                long d = book.consumer("Nora North", "Europe/London", "GB", "nora@example.test");
                book.invoice(d, "GBP", "120.00", DAY.minusDays(8));
            }
            assertThat(cli("--config", config.toString(), "plan", "--date", DAY.toString())).contains("planned 1 messages");
            assertThat(erp.queryLong("SELECT count(*) FROM arrears.communication")).isEqualTo(1);
            assertThat(publicSchema(erp)).isEqualTo(before);
        }
    }

    @Test
    void anEarlierInstallationWithItsTablesInPublicStopsTheStartNamingTheSettingThatKeepsItWorking() {
        String url = TestDatabase.freshUrl();
        Map<String, String> values = new HashMap<>(Map.of("arrears.db.url", url, "arrears.db.user", "postgres",
                "arrears.db.schema", "public"));
        try (Database old = Database.open(settings(values)).migrate()) {
            new TestBook(old.dataSource()).consumer("Otto Old", "Europe/London", "GB", "otto@example.test");
        }

        values.remove("arrears.db.schema");
        try (Database upgraded = Database.open(settings(values))) {
            assertThatThrownBy(upgraded::migrate).isInstanceOf(ConfigException.class)
                    .hasMessageContaining("earlier Arrears installation in schema public")
                    .hasMessageContaining("arrears.db.schema=public");
            assertThat(new TestBook(upgraded.dataSource())
                    .queryLong("SELECT count(*) FROM pg_namespace WHERE nspname = 'arrears'")).isZero();
        }

        values.put("arrears.db.schema", "public");
        try (Database kept = Database.open(settings(values)).migrate()) {
            assertThat(kept.schemaVersion()).isEqualTo(Migrations.latestVersion());
            assertThat(new TestBook(kept.dataSource()).queryLong("SELECT count(*) FROM debtor")).isEqualTo(1);
        }
    }

    private static Settings settings(Map<String, String> values) {
        Map<String, String> copy = Map.copyOf(values);
        return Settings.of(copy::get, copy::keySet, "test");
    }

    /** Everything of public that migrating or running the hub could change: objects, columns and rows. */
    private static String publicSchema(TestBook sql) {
        List<String> parts = List.of(
                sql.queryString("""
                        SELECT string_agg(c.relname || ':' || c.relkind::text, ',' ORDER BY c.relname)
                        FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace"""),
                sql.queryString("""
                        SELECT string_agg(p.proname, ',' ORDER BY p.proname) FROM pg_proc p
                        WHERE p.pronamespace = 'public'::regnamespace"""),
                sql.queryString("""
                        SELECT string_agg(table_name || '.' || column_name || ' ' || data_type, ',' ORDER BY table_name, ordinal_position)
                        FROM information_schema.columns WHERE table_schema = 'public'"""),
                sql.queryString("SELECT string_agg(d::text, ',' ORDER BY kdnr) FROM public.debtor d"),
                sql.queryString("SELECT string_agg(i::text, ',' ORDER BY belegnr) FROM public.invoice i"),
                sql.queryString("SELECT string_agg(l::text, ',' ORDER BY artikel) FROM public.lager l"));
        return String.join("\n", parts);
    }

    private Path config(String url) throws Exception {
        Path config = tmp.resolve("application.properties");
        Files.writeString(config, Files.readString(Path.of("config/application.properties")) + "\narrears.db.url=" + url
                + "\narrears.db.user=postgres\narrears.data-dir=" + tmp + "\narrears.token-secret=install-test-secret-0123456789\n");
        return config;
    }

    private static String cli(String... args) {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream original = System.out;
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
        try {
            int status = ArrearsCli.commandLine().execute(args);
            assertThat(status).as("exit status of %s", String.join(" ", args)).isZero();
        } finally {
            System.setOut(original);
        }
        return buffer.toString(StandardCharsets.UTF_8);
    }
}
