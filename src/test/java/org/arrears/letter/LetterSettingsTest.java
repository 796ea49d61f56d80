package org.arrears.letter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.arrears.config.ConfigException;
import org.arrears.config.Settings;
import org.junit.jupiter.api.Test;

/** The letter channel's settings, and COMPLIANCE R14's cases: what may show on the envelope, and no postcards. */
class LetterSettingsTest {

    static LetterSettings from(Map<String, String> overrides) {
        return LetterSettings.from(Settings.load(Path.of("config/application.properties")).with(overrides));
    }

    @Test
    void aReturnNameThatIndicatesDebtCollectionStopsStartupNamingTheKey() {
        assertThatThrownBy(() -> from(Map.of("arrears.letter.return-name", "ABC Collections")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("application.properties")
                .hasMessageContaining("setting 'arrears.letter.return-name': 'ABC Collections'")
                .hasMessageContaining("contains 'collection'")
                .hasMessageContaining("R14");
    }

    @Test
    void aNeutralReturnNameWithABarcodeDeliveryAidPasses() {
        LetterSettings s = from(Map.of("arrears.letter.return-name", "ABC Services",
                "arrears.letter.return-address", "PO Box 12\nIMb 00 270 123456 200800001 12345678901"));
        assertThat(s.returnName()).isEqualTo("ABC Services");
    }

    @Test
    void theWordListIsConfigurableAndAlsoCoversTheReturnAddressAndTheCompanyNameItDefaultsTo() {
        assertThatThrownBy(() -> from(Map.of("arrears.letter.return-name", "Harbor Services",
                "arrears.letter.return-address", "Debt Recovery Dept\n500 Market St")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'arrears.letter.return-address'");
        assertThatThrownBy(() -> from(Map.of("arrears.company.name", "Nordkasse Inkasso GmbH")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("setting 'arrears.company.name'")
                .hasMessageContaining("contains 'inkasso'");
        assertThatThrownBy(() -> from(Map.of("arrears.letter.return-name", "Acme Receivables",
                "arrears.letter.r14.forbidden-words", "receivable, dunning")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("contains 'receivable'");
    }

    @Test
    void aPostcardIsRefusedAsMailPieceAndAsPostageClass() {
        assertThatThrownBy(() -> from(Map.of("arrears.letter.mail-piece", "POSTCARD")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("setting 'arrears.letter.mail-piece' is 'postcard'").hasMessageContaining("R14");
        assertThatThrownBy(() -> from(Map.of("arrears.letter.postage-class.US", "postcard")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("setting 'arrears.letter.postage-class.US' is 'postcard'");
        assertThatThrownBy(() -> from(Map.of("arrears.letter.postage-class", "Postcard")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("R14");
    }

    @Test
    void theDefaultsAndPerCountryValuesAreRead() {
        LetterSettings s = from(Map.of("arrears.data-dir", "var/hub", "arrears.letter.layout.us", "us-10",
                "arrears.letter.postage-class.US", "first-class", "arrears.letter.sides", "duplex"));
        assertThat(s.outbox()).isEqualTo(Path.of("var/hub", "outbox", "print"));
        assertThat(s.layoutFor("DE")).isEqualTo(EnvelopeLayout.DIN_5008_B);
        assertThat(s.layoutFor("US")).isEqualTo(EnvelopeLayout.US_10);
        assertThat(s.postageFor("us")).isEqualTo("first-class");
        assertThat(s.postageFor("FR")).isEqualTo("standard");
        assertThat(s.sides()).isEqualTo(PrintBatchWriter.Sides.DUPLEX);
        assertThat(s.batchSize()).isEqualTo(200);
        assertThat(s.returnName()).isEqualTo("Acme Supplies Ltd");
    }

    @Test
    void badValuesNameTheirKey() {
        assertThatThrownBy(() -> from(Map.of("arrears.letter.layout", "c4")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("setting 'arrears.letter.layout'")
                .hasMessageContaining("use din-5008-b or us-10");
        assertThatThrownBy(() -> from(Map.of("arrears.letter.sides", "both")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'arrears.letter.sides' must be simplex or duplex");
        assertThatThrownBy(() -> from(Map.of("arrears.letter.layout.USA", "us-10")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("two-letter ISO country code");
        assertThatThrownBy(() -> from(Map.of("arrears.letter.batch-size", "0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'arrears.letter.batch-size' must be at least 1");
    }
}
