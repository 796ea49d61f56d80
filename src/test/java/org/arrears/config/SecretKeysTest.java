package org.arrears.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.CamelContextHelper;
import org.junit.jupiter.api.Test;

class SecretKeysTest {

    @Test
    void keysEndingInASecretWordAreSecret() {
        assertThat(List.of("arrears.token-secret", "arrears.db.password", "arrears.smtp.user", "arrears.sms.api-key",
                "arrears.gateway.auth-token", "ARREARS_DB_PASSWORD")).allMatch(SecretKeys::isSecret);
        assertThat(List.of("arrears.smtp.host", "arrears.email.from", "arrears.web.public-url",
                "arrears.payments.csv.column.payerAccount")).noneMatch(SecretKeys::isSecret);
    }

    @Test
    void camelMasksEverySecretKeyOnceGivenTheKeywords() {
        DefaultCamelContext ctx = new DefaultCamelContext();
        // Camel's own keywords miss the opt-out link secret
        assertThat(CamelContextHelper.containsSensitive(ctx, "arrears.token-secret")).isFalse();

        ctx.getCamelContextExtension().setAdditionalSensitiveKeywords(SecretKeys.camelKeywords(
                List.of("arrears.token-secret", "arrears.smtp.host", "arrears.sms.api-key"),
                List.of("ARREARS_GATEWAY_SIGNING_KEY", "HOME"), "custom"));

        assertThat(List.of("arrears.token-secret", "arrears.sms.api-key", "arrears.gateway.signing-key",
                "arrears.gateway.signingkey", "arrears.db.password", "x.custom"))
                .allMatch(k -> CamelContextHelper.containsSensitive(ctx, k));
        assertThat(CamelContextHelper.containsSensitive(ctx, "arrears.smtp.host")).isFalse();
        assertThat(CamelContextHelper.containsSensitive(ctx, "arrears.email.from")).isFalse();
    }

    @Test
    void aMalformedSecretSettingIsReportedWithoutItsValue() {
        Settings s = Settings.load(java.nio.file.Path.of("config/application.properties"))
                .with(java.util.Map.of("arrears.sms.api-key", "not-a-number-but-secret"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.getInt("arrears.sms.api-key", 0))
                .hasMessageContaining("arrears.sms.api-key").hasMessageContaining("a value of 23 characters")
                .hasMessageNotContaining("not-a-number-but-secret");
    }

    @Test
    void aDatabaseUrlCarryingAPasswordIsRefusedWithoutShowingIt() {
        Settings s = Settings.load(java.nio.file.Path.of("config/application.properties"))
                .with(java.util.Map.of("arrears.db.url", "jdbc:postgresql://db.example/erp?user=hub&password=url-pw-1234"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> org.arrears.db.Database.open(s))
                .isInstanceOf(ConfigException.class).hasMessageContaining("arrears.db.password")
                .hasMessageNotContaining("url-pw-1234");
    }
}
