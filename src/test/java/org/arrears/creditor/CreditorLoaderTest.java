package org.arrears.creditor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.arrears.config.ConfigException;
import org.arrears.config.Settings;
import org.arrears.email.EmailSettings;
import org.arrears.outreach.Company;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** config/creditors/*.yaml: read, checked with file:line, and turned into the settings a creditor's messages use. */
class CreditorLoaderTest {

    static final Settings BASE = Settings.load(Path.of("config/application.properties"));
    static final Set<String> POLICIES = Set.of("standard", "business", "gentle");

    @TempDir
    Path dir;

    CreditorLoader loader = new CreditorLoader(BASE, POLICIES);

    Path write(String name, String text) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    @Test
    void theShippedExamplesLoadWithEveryDetailTheirMessagesNeed() {
        List<Creditor> all = loader.loadFolder(Path.of("config/examples/creditors"));
        assertThat(all).extracting(Creditor::code).containsExactly("hanse-gmbh", "lakeside-inc");
        Creditor hanse = all.get(0);
        assertThat(hanse.legalName()).isEqualTo("Hanse Handelsgesellschaft mbH");
        assertThat(hanse.bankAccounts().get(0).key()).isEqualTo("DE89370400440532013000");
        assertThat(hanse.locale().toLanguageTag()).isEqualTo("de-DE");
        assertThat(hanse.jurisdictions()).containsExactly("DE", "AT");
        Settings s = Creditors.settingsFor(hanse, BASE);
        Company company = Company.from(s);
        assertThat(company.name()).isEqualTo("Hanse Handel");
        assertThat(company.bank().iban()).isEqualTo("DE89 3704 0044 0532 0130 00");
        assertThat(company.customerNumber(7)).isEqualTo("HH-7");
        EmailSettings email = EmailSettings.from(s);
        assertThat(email.from()).isEqualTo("Hanse Handel Forderungen <forderungen@hanse-handel.example>");
        assertThat(email.bounceDomain()).isEqualTo("bounces.hanse-handel.example");
        Creditor lakeside = all.get(1);
        assertThat(Company.from(Creditors.settingsFor(lakeside, BASE)).bank().routingNumber()).isEqualTo("021000021");
        assertThat(lakeside.bankAccounts().get(0).key()).isEqualTo("000123456789");
    }

    @Test
    void noCreditorFolderIsASingleCreditorInstallationWhoseCreditorIsTheCompanySettings() {
        Creditors creditors = Creditors.load(BASE.with(Map.of("arrears.creditors", dir.resolve("none").toString())), POLICIES);
        assertThat(creditors.single()).isTrue();
        Creditor only = creditors.all().get(0);
        assertThat(only.code()).isEqualTo("default");
        assertThat(only.legalName()).isEqualTo("Acme Supplies Ltd");
        assertThat(only.overrides()).isEmpty();
        assertThat(creditors.mayUse("standard")).isNull();
    }

    @Test
    void anInvalidIbanIsReportedOnItsLine() throws Exception {
        Path f = write("bad.yaml", """
                code: bad
                legal-name: Bad Ltd
                bank-accounts:
                  - iban: DE00370400440532013000
                """);
        assertThatThrownBy(() -> loader.load(f)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(f + ":4: bank-accounts[0].iban is not a valid IBAN");
    }

    @Test
    void anUnknownKeyIsReportedOnItsLineWithTheKeysAllowed() throws Exception {
        Path f = write("typo.yaml", """
                code: typo
                legal-name: Typo Ltd
                sending:
                  form: Typo <ar@typo.example>
                """);
        assertThatThrownBy(() -> loader.load(f)).hasMessageStartingWith(f + ":4: unknown key 'form' in sending")
                .hasMessageContaining("bounce-domain, from, reply-to");
    }

    @Test
    void aHeaderValueWithALineBreakIsRefusedOnTheLineOfTheSetting() throws Exception {
        Path f = write("crlf.yaml", """
                code: crlf
                legal-name: Crlf Ltd
                sending:
                  from: "Crlf <ar@crlf.example>\\r\\nBcc: everyone@example.test"
                """);
        assertThatThrownBy(() -> loader.load(f)).hasMessageStartingWith(f + ":4: sending.from must be one line");
    }

    @Test
    void aReturnAddressThatDisclosesTheDebtIsRefusedOnThePostalAddressLine() throws Exception {
        Path f = write("loud.yaml", """
                code: loud
                legal-name: Loud Ltd
                postal-address: Debt Recovery Department, 1 Main Street
                """);
        assertThatThrownBy(() -> loader.load(f)).hasMessageStartingWith(f + ":3: ");
    }

    @Test
    void theCodeMustMatchTheFileName() throws Exception {
        Path f = write("alpha.yaml", "code: beta\nlegal-name: Beta Ltd\n");
        assertThatThrownBy(() -> loader.load(f)).hasMessage(f + ":1: code 'beta' must match the file name (beta.yaml)");
    }

    @Test
    void aPolicyTheHubDoesNotHaveIsReportedOnItsLine() throws Exception {
        Path f = write("p.yaml", "code: p\nlegal-name: P Ltd\npolicies:\n  - standard\n  - harsh\n");
        assertThatThrownBy(() -> loader.load(f)).hasMessageStartingWith(f + ":5: policies: no policy 'harsh'");
    }

    @Test
    void aBankAccountBelongsToOneCreditor() throws Exception {
        write("a.yaml", "code: a\nlegal-name: A GmbH\nbank-accounts:\n  - iban: DE89370400440532013000\n");
        Path b = write("b.yaml", "code: b\nlegal-name: B GmbH\nbank-accounts:\n  - iban: DE89 3704 0044 0532 0130 00\n");
        assertThatThrownBy(() -> loader.loadFolder(dir)).hasMessage(b + ":4: bank account DE89370400440532013000 "
                + "belongs to creditor 'a' already: a bank account belongs to one creditor");
    }

    @Test
    void aPolicyOwnedByOneCreditorIsNotAnotherCreditorsToUse() throws Exception {
        write("a.yaml", "code: a\nlegal-name: A GmbH\nown-policies: [gentle]\n");
        Path b = write("b.yaml", "code: b\nlegal-name: B GmbH\npolicies: [standard, gentle]\n");
        assertThatThrownBy(() -> loader.loadFolder(dir)).hasMessage(b + ":3: policy 'gentle' belongs to creditor 'a' (own-policies)");
    }

    @Test
    void ownAndSharedPoliciesDecideWhichCreditorsAPolicyPlansFor() throws Exception {
        write("a.yaml", "code: a\nlegal-name: A GmbH\nown-policies: [gentle]\n");
        write("b.yaml", "code: b\nlegal-name: B GmbH\npolicies: [business]\n");
        Creditors creditors = Creditors.load(BASE.with(Map.of("arrears.creditors", dir.toString())), POLICIES);
        assertThat(creditors.all()).extracting(Creditor::code).containsExactly("default", "a", "b");
        // ids are assigned by sync; before it only the default has one
        assertThatThrownBy(() -> creditors.mayUse("gentle")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("synced");
    }

    @Test
    void aCollectorNamesTheCreditorItCollectsForInTheValidationNotice() throws Exception {
        Path f = write("agency.yaml", """
                code: agency
                legal-name: Agency Partners LLC
                postal-address: 5 Main Street, Springfield
                compliance:
                  role: collector
                  current-creditor: Lakeside Supply Inc.
                  jurisdictions: [us-il]
                """);
        Creditor c = loader.load(f);
        assertThat(c.role()).isEqualTo(Creditor.Role.COLLECTOR);
        assertThat(c.jurisdictions()).containsExactly("US-IL");
        Company company = Company.from(Creditors.settingsFor(c, BASE));
        assertThat(company.debtCollector()).isTrue();
        assertThat(company.creditorName()).isEqualTo("Lakeside Supply Inc.");
    }
}
