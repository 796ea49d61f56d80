package org.arrears.web;

import java.util.Locale;
import java.util.Map;

/**
 * The unsubscribe page and its answer in the debtor's language (the languages of templates/lib/i18n*.ftl),
 * English for any other.
 */
final class OptOutPage {

    private record Texts(String title, String question, String button, String done) {
    }

    private static final Texts ENGLISH = new Texts("Unsubscribe", "Stop emails about your account to this address?",
            "Unsubscribe", "You are unsubscribed: no more emails about your account will be sent to this address.");

    private static final Map<String, Texts> TEXTS = Map.of(
            "en", ENGLISH,
            "de", new Texts("Abmelden", "Keine E-Mails mehr zu Ihrem Konto an diese Adresse?", "Abmelden",
                    "Sie sind abgemeldet: An diese Adresse werden keine E-Mails zu Ihrem Konto mehr gesendet."),
            "fr", new Texts("Se désabonner", "Ne plus recevoir d'e-mails concernant votre compte à cette adresse ?",
                    "Se désabonner",
                    "Vous êtes désabonné : plus aucun e-mail concernant votre compte ne sera envoyé à cette adresse."),
            "es", new Texts("Darse de baja", "¿Dejar de recibir correos sobre su cuenta en esta dirección?", "Darse de baja",
                    "Se ha dado de baja: no se enviarán más correos sobre su cuenta a esta dirección."));

    private OptOutPage() {
    }

    private static Texts texts(Locale locale) {
        return TEXTS.getOrDefault(locale.getLanguage(), ENGLISH);
    }

    private static String lang(Locale locale) {
        return TEXTS.containsKey(locale.getLanguage()) ? locale.getLanguage() : "en";
    }

    /** The page a GET shows: a question and a button that POSTs (changes nothing by itself). */
    static OptOutResponse confirm(Locale locale) {
        Texts t = texts(locale);
        return new OptOutResponse(200, "text/html; charset=utf-8", """
                <!doctype html><html lang="%s"><head><meta charset="utf-8">\
                <meta name="viewport" content="width=device-width, initial-scale=1"><title>%s</title></head>
                <body style="font-family: Arial, Helvetica, sans-serif; margin: 2em;"><p>%s</p>
                <form method="post"><input type="hidden" name="List-Unsubscribe" value="One-Click">
                <button type="submit">%s</button></form></body></html>
                """.formatted(lang(locale), t.title(), t.question(), t.button()));
    }

    /** The answer to the POST that opted the address out. */
    static OptOutResponse done(Locale locale) {
        return new OptOutResponse(200, "text/plain; charset=utf-8", texts(locale).done() + "\n");
    }
}
