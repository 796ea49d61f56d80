package org.arrears.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import org.arrears.outreach.OptOutLinks;
import org.arrears.testing.HubFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The unsubscribe page speaks the language of the debtor the message went to (its token names the message). */
class OptOutPageLanguageTest {

    static final Instant START = Instant.parse("2026-03-16T10:00:00Z");

    private HubFixture f;

    @AfterEach
    void close() {
        if (f != null) {
            f.close();
        }
    }

    private String linkFor(String name, String locale, String email) {
        long d = f.book.debtor(name, "B2C", locale, "Europe/Berlin", "DE", email);
        f.book.invoice(d, "EUR", "120.00", LocalDate.of(2026, 3, 1));
        f.hub.planner().plan(LocalDate.of(2026, 3, 16));
        String token = f.book.queryString("SELECT token FROM communication WHERE debtor_id = ?", d);
        OptOutLinks links = f.hub.messageModel().links();
        return links.sign(token);
    }

    @Test
    void theUnsubscribePageAndItsAnswerAreInTheDebtorsLanguage() {
        f = new HubFixture(START, Map.of());
        String german = linkFor("Jana Beispiel", "de", "jana@example.test");
        String spanish = linkFor("Juana Ejemplo", "es-MX", "juana@example.test");
        String english = linkFor("Jane Example", "en", "jane@example.test");
        String unknown = linkFor("Hanako Rei", "ja", "hanako@example.test");
        OptOutService service = f.hub.optOut();

        OptOutResponse page = service.handle("GET", german);
        assertThat(page.getStatus()).isEqualTo(200);
        assertThat(page.getText()).contains("<html lang=\"de\">").contains("Keine E-Mails mehr zu Ihrem Konto an diese Adresse?")
                .contains(">Abmelden</button>").contains("<form method=\"post\">");
        assertThat(service.handle("GET", spanish).getText()).contains("<html lang=\"es\">").contains(">Darse de baja</button>");
        assertThat(service.handle("GET", english).getText()).contains(">Unsubscribe</button>");
        assertThat(service.handle("GET", unknown).getText()).contains("<html lang=\"en\">").contains(">Unsubscribe</button>");

        OptOutResponse done = service.handle("POST", german);
        assertThat(done.getStatus()).isEqualTo(200);
        assertThat(done.getText()).startsWith("Sie sind abgemeldet");
        assertThat(f.book.queryString("SELECT opt_out_source FROM contact_point WHERE address = 'jana@example.test'"))
                .isEqualTo("ONE_CLICK");
    }
}
