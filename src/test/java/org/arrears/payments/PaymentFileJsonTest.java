package org.arrears.payments;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PaymentFileJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path fixture(String name) throws Exception {
        Path p = dir.resolve(name);
        Files.write(p, Fixtures.bytes(name));
        return p;
    }

    @Test
    void validFilePrintsNormalizedJson() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = PaymentFileJson.write(fixture("camt053-v02-batch.xml"), out, null);
        assertThat(status).isZero();
        JsonNode root = JSON.readTree(out.toByteArray());
        assertThat(root.path("format").asText()).isEqualTo("CAMT_053");
        JsonNode st = root.path("statements").get(0);
        assertThat(st.path("account").asText()).isEqualTo("DE89370400440532013000");
        assertThat(st.path("openingBalance").isTextual()).isTrue();
        assertThat(st.path("openingBalance").asText()).isEqualTo("1000.00");
        assertThat(st.path("closingBalance").asText()).isEqualTo("1490.00");
        JsonNode first = st.path("entries").get(0);
        List<String> keys = new ArrayList<>();
        first.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("amount", "currency", "bookingDate", "valueDate", "bankReference",
                "endToEndId", "payerName", "payerAccount", "remittance", "structuredReference", "returnReason");
        assertThat(first.path("amount").isTextual()).isTrue();
        assertThat(first.path("amount").asText()).isEqualTo("100.00");
        assertThat(first.path("bookingDate").asText()).isEqualTo("2024-01-31");
        assertThat(first.path("returnReason").isNull()).isTrue();
        assertThat(st.path("entries").get(4).path("amount").asText()).isEqualTo("-30.00");
    }

    @Test
    void rejectedFilePrintsOnlyTheError() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = PaymentFileJson.write(fixture("nacha-bad-file-total.ach"), out, null);
        assertThat(status).isEqualTo(2);
        JsonNode root = JSON.readTree(out.toByteArray());
        List<String> keys = new ArrayList<>();
        root.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("error");
        assertThat(root.path("error").asText()).startsWith("nacha-bad-file-total.ach, line ");
        assertThat(out.toString()).doesNotContain("\"statements\"").doesNotContain("\"amount\"");

        out.reset();
        assertThat(PaymentFileJson.write(fixture("camt053-doctype.xml"), out, null)).isEqualTo(2);
        assertThat(JSON.readTree(out.toByteArray()).path("error").asText()).containsIgnoringCase("DOCTYPE");
    }

    @Test
    void aStatementThatDoesNotReconcileIsStillPrintedByParseButPostingRefusesIt() throws Exception {
        // parse shows what the file says; the balance check belongs to posting (see PaymentPostingFlowTest)
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(PaymentFileJson.write(fixture("camt053-closing-mismatch.xml"), out, null)).isZero();
        assertThat(JSON.readTree(out.toByteArray()).path("statements").size()).isPositive();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> BankFiles.parse(fixture("camt053-closing-mismatch.xml"),
                        new CollectingHandler(), ParseOptions.defaults()))
                .isInstanceOf(BankFileException.class).hasMessageContaining("balances do not reconcile");
    }

    @Test
    void missingAndUnrecognisedFilesAreRejected() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(PaymentFileJson.write(dir.resolve("nope.sta"), out, null)).isEqualTo(2);
        assertThat(JSON.readTree(out.toByteArray()).path("error").asText()).contains("file not found");

        out.reset();
        assertThat(PaymentFileJson.write(fixture("export-de.csv"), out, null)).isEqualTo(2);
        out.reset();
        assertThat(PaymentFileJson.write(fixture("export-de.csv"), out, CsvParserTest.germanLayout())).isZero();
        assertThat(JSON.readTree(out.toByteArray()).path("format").asText()).isEqualTo("CSV");
    }

    @Test
    void everyFormatWritesTheSameShape() throws Exception {
        for (String f : new String[] {"mt940-sepa-de.sta", "bai2-continuation.bai2", "nacha-returns.ach",
                "camt054-v08.xml", "camt053-v08-reversal.xml"}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            assertThat(PaymentFileJson.write(fixture(f), out, null)).as(f).isZero();
            JsonNode root = JSON.readTree(out.toByteArray());
            for (JsonNode st : root.path("statements")) {
                assertThat(st.has("account") && st.has("currency") && st.has("openingBalance")
                        && st.has("closingBalance") && st.has("entries")).as(f).isTrue();
                for (JsonNode e : st.path("entries")) {
                    assertThat(e.size()).as(f).isEqualTo(11);
                    assertThat(e.path("amount").isTextual()).as(f).isTrue();
                }
            }
        }
    }
}
