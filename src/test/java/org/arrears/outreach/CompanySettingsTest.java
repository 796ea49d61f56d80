package org.arrears.outreach;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import org.arrears.config.ConfigException;
import org.arrears.config.Settings;
import org.junit.jupiter.api.Test;

/** arrears.company.*: bank details, logo, customer number and debt collector settings, and the validation period. */
class CompanySettingsTest {

    static Company company(Map<String, String> overrides) {
        return Company.from(Settings.load(Path.of("config/application.properties")).with(overrides));
    }

    @Test
    void theShippedConfigurationHasBankDetailsAndAFirstPartyCreditor() {
        Company c = company(Map.of());

        assertThat(c.bank().present()).isTrue();
        assertThat(c.bank().iban()).isEqualTo("GB33 BUKB 2020 1555 5555 55");
        assertThat(c.bank().bic()).isEqualTo("BUKBGB22");
        assertThat(c.debtCollector()).isFalse();
        assertThat(c.customerNumber(1042)).isEqualTo("1042");
        assertThat(c.payWithinDays()).isEqualTo(14);
    }

    @Test
    void aUsAccountTakesAnAccountAndARoutingNumber() {
        Company c = company(Map.of("arrears.company.bank.iban", "", "arrears.company.bank.bic", "",
                "arrears.company.bank.account-number", "000123456789", "arrears.company.bank.routing-number", "021000021",
                "arrears.company.customer-number", "C-{debtor}", "arrears.company.debt-collector", "true",
                "arrears.company.creditor", "Harbour Lighting Co"));

        assertThat(c.bank().accountNumber()).isEqualTo("000123456789");
        assertThat(c.bank().routingNumber()).isEqualTo("021000021");
        assertThat(c.customerNumber(7)).isEqualTo("C-7");
        assertThat(c.debtCollector()).isTrue();
        assertThat(c.creditorName()).isEqualTo("Harbour Lighting Co");
    }

    @Test
    void anIbanWithWrongCheckDigitsStopsStartupNamingTheSetting() {
        assertThatThrownBy(() -> company(Map.of("arrears.company.bank.iban", "GB34BUKB20201555555555")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("'arrears.company.bank.iban' is not a valid IBAN").hasMessageContaining("GB34BUKB20201555555555");
    }

    @Test
    void aMalformedBicRoutingNumberLogoOrCustomerNumberStopsStartupNamingTheSetting() {
        assertThatThrownBy(() -> company(Map.of("arrears.company.bank.bic", "BUK-GB")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'arrears.company.bank.bic'");
        assertThatThrownBy(() -> company(Map.of("arrears.company.bank.iban", "", "arrears.company.bank.account-number", "1234",
                "arrears.company.bank.routing-number", "021000022")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'arrears.company.bank.routing-number'");
        assertThatThrownBy(() -> company(Map.of("arrears.company.bank.iban", "", "arrears.company.bank.account-number", "1234")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("set both or neither");
        assertThatThrownBy(() -> company(Map.of("arrears.company.logo-url", "http://acme.example/logo.png")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'arrears.company.logo-url' must be an absolute https:// URL");
        assertThatThrownBy(() -> company(Map.of("arrears.company.customer-number", "C-0001")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'arrears.company.customer-number' must contain {debtor}");
        assertThatThrownBy(() -> company(Map.of("arrears.company.pay-within-days", "0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'arrears.company.pay-within-days'");
    }

    @Test
    void theValidationPeriodEndsThirtyDaysAfterTheAssumedReceiptSkippingWeekendsAndFederalHolidays() {
        // COMPLIANCE R8's examples
        assertThat(ValidationPeriod.end(LocalDate.of(2025, 3, 3))).isEqualTo(LocalDate.of(2025, 4, 9));
        assertThat(ValidationPeriod.end(LocalDate.of(2025, 11, 24))).isEqualTo(LocalDate.of(2026, 1, 1));
        assertThat(ValidationPeriod.end(LocalDate.of(2025, 12, 22))).isEqualTo(LocalDate.of(2026, 1, 29));
        // Independence Day 2026 falls on a Saturday and is observed on Friday 07-03
        assertThat(ValidationPeriod.federalHoliday(LocalDate.of(2026, 7, 3))).isTrue();
        assertThat(ValidationPeriod.end(LocalDate.of(2026, 6, 29))).isEqualTo(LocalDate.of(2026, 6, 29).plusDays(8 + 30));
    }
}
