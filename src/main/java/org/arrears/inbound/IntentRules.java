package org.arrears.inbound;

import static org.arrears.inbound.Intent.Kind.ALREADY_PAID;
import static org.arrears.inbound.Intent.Kind.ATTORNEY;
import static org.arrears.inbound.Intent.Kind.BANKRUPTCY;
import static org.arrears.inbound.Intent.Kind.CEASE_COMMUNICATION;
import static org.arrears.inbound.Intent.Kind.DISPUTE;
import static org.arrears.inbound.Intent.Kind.PAYMENT_PLAN;
import static org.arrears.inbound.Intent.Kind.PROMISE_TO_PAY;
import static org.arrears.inbound.Intent.Kind.QUESTION;
import static org.arrears.inbound.Intent.Kind.WRONG_PERSON;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.arrears.inbound.Intent.Kind;

/**
 * The intent rules: per language, per intent, the phrases that say it. Phrases are regular expressions over the
 * reply folded to lower case without accents ("réglé" is written "regle", "ß" as "ss", typographic apostrophes as
 * {@code '}). A phrase preceded within three words by one of the language's {@link #NEGATIONS} does not count
 * ("I have never paid" is not {@code ALREADY_PAID}); phrases that are themselves negative ("not my debt") say so in
 * the pattern. To add a phrase, add it to its language and intent below; {@code IntentsTest} has a case per rule.
 */
final class IntentRules {

    private IntentRules() {
    }

    /** Optional words between a subject and its verb, reused below. */
    private static final String ALREADY = "(?:(?:already|just|finally|now) )?";

    static final Map<String, Map<Kind, List<String>>> PHRASES = new LinkedHashMap<>();
    static final Map<String, String> NEGATIONS = new LinkedHashMap<>();

    static {
        PHRASES.put("en", table(
                CEASE_COMMUNICATION, List.of(
                        "(?:stop|quit|cease) (?:writing|contacting|emailing|e-mailing|mailing|texting|calling|messaging|"
                                + "sending)(?: (?:to )?me| us)?",
                        "(?:do not|don't|dont|never) (?:ever )?(?:contact|email|e-mail|write to|call|text|message|bother) "
                                + "(?:me|us)",
                        "(?:cease|stop) (?:all )?(?:communication|contact|correspondence)s?",
                        "leave me alone", "remove me from your (?:list|records|mailing)", "no (?:further|more) (?:contact|emails|letters|messages)",
                        "(?:i|we) (?:refuse|decline) to pay", "(?:i|we) (?:will|shall) (?:not|never) pay", "(?:i|we) won't (?:ever )?pay"),
                ATTORNEY, List.of("(?:my|our) (?:attorney|lawyer|solicitor|counsel|legal representative)",
                        "(?:represented by|retained) (?:an? )?(?:attorney|lawyer|counsel|solicitor)",
                        "(?:contact|speak to|talk to|call) my (?:attorney|lawyer)"),
                BANKRUPTCY, List.of("bankrupt(?:cy)?", "chapter (?:7|11|13)", "insolven(?:cy|t)", "debt relief order",
                        "iva\\b"),
                WRONG_PERSON, List.of("wrong (?:person|address|email|number|customer|recipient)",
                        "(?:i am|i'm|im) not (?:the person|the customer|who you think|your customer|mr\\.?|mrs\\.?|ms\\.?)",
                        "(?:don't|do not|dont) know (?:this|that|the) (?:person|company|customer)",
                        "(?:no longer|doesn't|does not) (?:lives?|works?) (?:here|at this)", "never (?:been|was) a customer",
                        "not (?:a|your) customer", "(?:has|have) the wrong"),
                DISPUTE, List.of("(?:this|that|it) is(?:n't| not) (?:my|our) (?:debt|invoice|bill|account|charge)",
                        "not (?:my|our) (?:debt|invoice|bill|account)", "(?:i|we) (?:dispute|contest|challenge)",
                        "(?:i|we) (?:do not|don't|dont|never) owe", "(?:i|we) owe (?:you )?nothing", "(?:this|the) (?:invoice|bill|amount|charge) is (?:wrong|incorrect|not correct)",
                        "(?:never|not) (?:ordered|received|signed up|agreed)", "(?:this|that) is (?:a )?(?:scam|fraud|mistake|error)",
                        "(?:i|we) (?:have been|was|were) (?:over ?charged|double ?charged|charged twice)"),
                ALREADY_PAID, List.of("(?:i|we|i've|we've|i have|we have|i had|we had) " + ALREADY + "(?:paid|settled|transferred|sent (?:the |you )?(?:money|payment))",
                        "(?:has|have|was|were) " + ALREADY + "(?:been )?(?:paid|settled)", "already paid", "paid (?:it|this|that|in full)",
                        "payment (?:was|has been) (?:made|sent)", "(?:i|we) made (?:the|a) payment"),
                PAYMENT_PLAN, List.of("payment (?:plan|arrangement|schedule)", "(?:in|by|pay in) (?:monthly )?instal(?:l)?ments",
                        "(?:per|a|each|every) month", "monthly (?:payments?|instal(?:l)?ments|amounts?)", "(?:spread|split) (?:the )?(?:payments?|amount|it)",
                        "pay (?:it )?(?:off )?(?:in|over) (?:\\d+|two|three|four|six|twelve|several) (?:months|parts|payments)"),
                PROMISE_TO_PAY, List.of("(?:i|we|i'll|we'll) (?:will|shall|can|could|am going to|are going to|plan to|intend to|promise to)? ?"
                        + "(?:pay|transfer|settle|send)", "(?:i'll|we'll|i will|we will) (?:make|send) (?:the |a )?payment",
                        "(?:payment|money|transfer) (?:will|should) (?:be|arrive|reach)", "(?:pay|transfer|settle) (?:it|this|the \\w+) (?:on|by|next|tomorrow)"),
                QUESTION, List.of("\\?", "(?:could|can|would) you (?:please )?(?:send|explain|tell|confirm|provide)",
                        "(?:i|we) (?:have|had) a question", "please (?:explain|clarify|send me)")));
        NEGATIONS.put("en", "not|\\w+n't|never|no|nor|cannot|can't|cant|unable");

        PHRASES.put("de", table(
                CEASE_COMMUNICATION, List.of("(?:horen sie|hort) (?:auf|damit auf)", "(?:kontaktieren|schreiben|anrufen|belastigen|mailen) sie mich nicht",
                        "(?:bitte )?keine (?:weiteren |weitere )?(?:e-mails|emails|mails|nachrichten|schreiben|briefe|kontakte?|anrufe)",
                        "lassen sie mich in ruhe", "(?:stellen sie|unterlassen sie) (?:jeglichen |jede |den |die )?(?:kontakt|kontaktaufnahme|kommunikation)",
                        "nicht mehr (?:kontaktieren|anschreiben|schreiben|anrufen)", "(?:ich|wir) (?:werde|werden) (?:nicht|niemals|nie) (?:zahlen|bezahlen)",
                        "(?:ich|wir) (?:verweigere|verweigern) (?:die )?zahlung"),
                ATTORNEY, List.of("(?:mein|meine|unser|unsere)(?:n|m)? (?:anwalt|anwaltin|rechtsanwalt|rechtsanwaltin|anwalte|anwaltskanzlei|kanzlei)",
                        "(?:rechtsanwalt|anwalt) (?:beauftragt|eingeschaltet)", "anwaltlich vertreten"),
                BANKRUPTCY, List.of("insolven(?:z|t)", "privatinsolvenz", "konkurs", "bankrott", "pleite", "schuldnerberatung"),
                WRONG_PERSON, List.of("falsche(?:n|r)? (?:person|adresse|empfanger|kunde|e-mail|nummer)",
                        "(?:ich bin|bin) nicht (?:der|die|herr|frau|ihr kunde|ihre kundin)", "(?:kenne|kennen) (?:diese|diesen|die|den) (?:person|firma|kunden) nicht",
                        "wohnt (?:hier )?nicht mehr", "nie (?:ihr )?kunde gewesen", "kein kunde"),
                DISPUTE, List.of("(?:das|dies|die) ist nicht (?:meine|unsere) (?:rechnung|schuld|forderung)", "nicht (?:meine|unsere) (?:rechnung|schuld|forderung)",
                        "(?:ich|wir) (?:bestreite|bestreiten|widerspreche|widersprechen)", "(?:ich|wir) (?:schulde|schulden) (?:ihnen )?(?:nichts|keinen)",
                        "(?:rechnung|betrag|forderung) (?:ist )?(?:falsch|unberechtigt|nicht korrekt|fehlerhaft)", "nie (?:bestellt|erhalten|unterschrieben)",
                        "widerspruch"),
                ALREADY_PAID, List.of("(?:habe|haben|hab) (?:\\S+ ){0,6}?(?:bereits |schon )?(?:bezahlt|gezahlt|uberwiesen|beglichen)",
                        "(?:ist|wurde|wurden) (?:\\S+ ){0,3}?(?:bereits |schon )?(?:bezahlt|uberwiesen|beglichen)",
                        "(?:bereits|schon) (?:bezahlt|gezahlt|uberwiesen|beglichen)"),
                PAYMENT_PLAN, List.of("raten(?:zahlung|plan|vereinbarung)?", "in raten", "(?:pro|im|jeden|monatlich(?:e|en)?) monat",
                        "monatlich(?:e|en)? (?:raten|zahlung(?:en)?|betrag)", "zahlungsplan", "stundung", "abzahlen"),
                PROMISE_TO_PAY, List.of("(?:ich|wir) (?:zahle|zahlen|bezahle|bezahlen|uberweise|uberweisen|begleiche|begleichen)",
                        "(?:ich|wir) (?:werde|werden|kann|konnen|will|wollen) (?:\\w+ ){0,5}?(?:zahlen|bezahlen|uberweisen|begleichen)",
                        "(?:zahlung|betrag|geld) (?:kommt|folgt|geht)"),
                QUESTION, List.of("\\?", "(?:konnen|konnten|wurden) sie (?:mir )?(?:bitte )?(?:\\w+ ){0,3}(?:senden|schicken|erklaren|bestatigen|sagen)",
                        "(?:ich|wir) (?:habe|haben) eine frage")));
        NEGATIONS.put("de", "nicht|nie|niemals|kein|keine|keinen|noch nicht");

        PHRASES.put("fr", table(
                CEASE_COMMUNICATION, List.of("(?:arretez|cessez) de (?:m'ecrire|me contacter|m'appeler|m'envoyer|me harceler|nous contacter)",
                        "ne (?:me|nous) (?:contactez|ecrivez|appelez) plus", "(?:cesser|arreter|cessez|arretez) (?:toute |tout )?(?:contact|communication|correspondance)",
                        "(?:plus|aucun) (?:de )?(?:contact|courriel|e-mail|email|message|courrier)s?", "laissez-moi tranquille", "laissez moi tranquille",
                        "je (?:refuse|ne veux pas) (?:de )?payer", "je ne (?:paierai|payerai) (?:pas|jamais)"),
                ATTORNEY, List.of("(?:mon|notre) (?:avocat|avocate|conseil juridique|cabinet)", "represente par (?:un |une |mon )?avocat"),
                BANKRUPTCY, List.of("faillite", "surendettement", "insolvab(?:le|ilite)", "liquidation judiciaire", "redressement judiciaire"),
                WRONG_PERSON, List.of("(?:mauvaise|erreur de) (?:personne|adresse|destinataire)", "je ne suis pas (?:m\\.|mme|monsieur|madame|la personne|votre client)",
                        "(?:je ne connais pas|connais pas) (?:cette|ce) (?:personne|societe|client)", "n'habite plus (?:ici|a cette adresse)", "jamais ete (?:client|cliente)"),
                DISPUTE, List.of("(?:ce n'est pas|ce ne sont pas|n'est pas) (?:ma|mon|notre|nos|mes) (?:facture|dette|compte|creance)s?",
                        "(?:je|nous) (?:conteste|contestons)", "(?:je|nous) ne (?:dois|devons) rien", "(?:je|nous) ne (?:vous )?dois pas",
                        "(?:facture|montant|somme) (?:est )?(?:erronee|errone|incorrecte?|fausse?|injustifiee?)", "jamais (?:commande|recu|signe)", "erreur de facturation"),
                ALREADY_PAID, List.of("(?:j'ai|nous avons|j ai) (?:deja |bien )?(?:paye|regle|vire|verse|effectue (?:le|un) (?:paiement|virement))",
                        "(?:a|ont) (?:deja |bien )?ete (?:payee?s?|reglee?s?|viree?s?)", "(?:deja|bien) (?:paye|regle)e?s?", "(?:est|sont) (?:deja )?(?:payee?s?|reglee?s?)"),
                PAYMENT_PLAN, List.of("echeancier", "plan de (?:paiement|remboursement)", "en (?:plusieurs )?(?:fois|mensualites|versements)",
                        "par mois", "mensualites?", "paiement(?:s)? echelonne(?:s)?", "etaler (?:le |les )?(?:paiement|montant|dette)s?"),
                PROMISE_TO_PAY, List.of("(?:je|nous) (?:vais|allons|peux|pouvons|pourrai|pourrons) (?:vous )?(?:payer|regler|virer|verser)",
                        "(?:je|nous) (?:paierai|payerai|reglerai|virerai|verserai|paierons|reglerons)", "(?:je|nous) (?:paie|paye|regle|vire)"),
                QUESTION, List.of("\\?", "(?:pouvez|pourriez)-vous", "pouvez vous", "(?:j'ai|nous avons) une question")));
        NEGATIONS.put("fr", "ne|n'|pas|jamais|aucun|aucune");

        PHRASES.put("es", table(
                CEASE_COMMUNICATION, List.of("(?:dejen|deje|dejad|paren|pare) de (?:escribirme|contactarme|llamarme|enviarme|molestarme|escribir)",
                        "no (?:me )?(?:contacten|contacte|escriban|escriba|llamen|llame|molesten|envien) (?:mas|nunca)?", "no me (?:contacten|escriban|llamen)",
                        "(?:cesen|cese|detengan) (?:toda |todo )?(?:comunicacion|contacto)", "no quiero (?:recibir )?mas (?:correos|mensajes|cartas|contacto)",
                        "(?:me niego|nos negamos) a pagar", "no (?:voy a|vamos a) pagar nunca", "no pagare (?:nunca|jamas)"),
                ATTORNEY, List.of("(?:mi|nuestro|nuestra) (?:abogado|abogada|letrado|representante legal|bufete)", "representado por (?:un |una )?abogad[oa]"),
                BANKRUPTCY, List.of("quiebra", "bancarrota", "concurso de acreedores", "insolvencia", "segunda oportunidad"),
                WRONG_PERSON, List.of("(?:persona|direccion|destinatario|numero) equivocad[oa]", "no soy (?:el|la|su) (?:cliente|persona|senor|senora)",
                        "no conozco (?:a )?(?:esta|esa|la) (?:persona|empresa)", "ya no vive aqui", "nunca (?:he sido|fui) cliente"),
                DISPUTE, List.of("(?:no es|no son) (?:mi|mis|nuestra|nuestras) (?:factura|deuda|cuenta)s?", "(?:no reconozco|desconozco) (?:esta|la|esta) (?:factura|deuda)",
                        "(?:disputo|impugno|reclamo|rechazo) (?:la|esta|esa) (?:factura|deuda)", "no (?:les |le )?debo (?:nada)?", "(?:factura|importe|cantidad) (?:es )?(?:incorrect[oa]|erronea?|equivocad[oa])",
                        "nunca (?:pedi|recibi|firme|contrate)"),
                ALREADY_PAID, List.of("(?:ya )?(?:he|hemos) (?:pagado|abonado|transferido|liquidado)", "ya (?:pague|pagamos|abone|transferi)",
                        "(?:esta|estan|fue|fueron) (?:ya )?(?:pagad[oa]s?|abonad[oa]s?|liquidad[oa]s?)", "(?:ya )?(?:pague|pagamos|realice el pago|hice el pago)"),
                PAYMENT_PLAN, List.of("plan de pagos?", "(?:en|a) plazos", "(?:en )?cuotas", "al mes", "por mes", "cada mes", "mensualidad(?:es)?", "pagos? mensuales?",
                        "fraccionar (?:el pago|la deuda)", "aplazar (?:el pago|la deuda)"),
                PROMISE_TO_PAY, List.of("(?:voy a|vamos a|puedo|podemos|podre|podremos) (?:\\w+ ){0,2}?(?:pagar|abonar|transferir|liquidar)",
                        "(?:pagare|pagaremos|abonare|transferire|liquidare)", "(?:le |les )?(?:pago|pagamos) (?:el|la|manana|hoy|\\d)"),
                QUESTION, List.of("\\?", "¿", "(?:puede|podria|pueden|podrian) (?:usted(?:es)? )?(?:enviarme|explicarme|decirme|confirmar)", "tengo una (?:pregunta|duda)")));
        NEGATIONS.put("es", "no|nunca|jamas|ni");

        PHRASES.put("nl", table(
                CEASE_COMMUNICATION, List.of("(?:stop|stopt|hou op|houd op) met (?:mailen|e-mailen|schrijven|bellen|contact opnemen|sturen|berichten)",
                        "(?:neem|neemt) (?:geen|nooit meer) contact (?:met mij |met me )?op", "geen (?:verdere |verder )?(?:contact|e-mails|mails|berichten|brieven)",
                        "laat me (?:met rust|alstublieft met rust)", "(?:mail|schrijf|bel) (?:mij|me) niet (?:meer)?", "(?:ik|wij) (?:weiger|weigeren) te betalen",
                        "(?:ik|wij) (?:ga|gaan|zal|zullen) (?:nooit|niet) betalen"),
                ATTORNEY, List.of("(?:mijn|onze) (?:advocaat|advocate|jurist|advocatenkantoor|rechtsbijstand)", "vertegenwoordigd door (?:een |mijn )?advocaat"),
                BANKRUPTCY, List.of("faillissement", "failliet", "schuldsanering", "wsnp", "surseance", "insolvent"),
                WRONG_PERSON, List.of("verkeerde (?:persoon|adres|ontvanger|klant|nummer)", "(?:ik ben|ben) niet (?:de|meneer|mevrouw|uw klant|die persoon)",
                        "ken (?:deze|die|dit) (?:persoon|bedrijf) niet", "woont hier niet meer", "nooit klant (?:geweest)?"),
                DISPUTE, List.of("(?:dit|dat|het) is niet (?:mijn|onze) (?:factuur|schuld|rekening)", "niet (?:mijn|onze) (?:factuur|schuld|rekening)",
                        "(?:ik|wij) (?:betwist|betwisten|ben het niet eens|zijn het niet eens)", "(?:ik|wij) (?:ben|zijn) (?:u )?niets verschuldigd",
                        "(?:factuur|bedrag) (?:is )?(?:onjuist|fout|niet correct|onterecht)", "nooit (?:besteld|ontvangen|getekend)"),
                ALREADY_PAID, List.of("(?:heb|hebben|is|zijn) (?:\\S+ ){0,4}?(?:al |reeds )?(?:betaald|overgemaakt|voldaan)", "(?:al|reeds) (?:betaald|overgemaakt|voldaan)"),
                PAYMENT_PLAN, List.of("betalingsregeling", "(?:in|op) termijnen", "afbetalingsregeling", "per maand", "maandelijks(?:e)?", "gespreid betalen"),
                PROMISE_TO_PAY, List.of("(?:ik|wij|we) (?:betaal|betalen|maak|maken) (?:\\w+ ){0,4}?(?:over)?", "(?:ik|wij|we) (?:ga|gaan|zal|zullen|kan|kunnen) (?:\\w+ ){0,4}?(?:betalen|overmaken|voldoen)"),
                QUESTION, List.of("\\?", "(?:kunt|zou) u (?:mij )?(?:\\w+ ){0,3}(?:sturen|uitleggen|bevestigen|vertellen)", "(?:ik|wij) (?:heb|hebben) een vraag")));
        NEGATIONS.put("nl", "niet|nooit|geen");
    }

    /**
     * Common short words of each language, to try first the languages a reply is written in (and skip the others
     * when it is clearly in one of them).
     */
    static final Map<String, java.util.Set<String>> STOPWORDS = Map.of(
            "en", java.util.Set.of("the", "and", "is", "i", "you", "my", "to", "this", "that", "we", "it", "of", "for", "have",
                    "not", "will", "can", "on", "please", "me", "your", "was", "am", "are", "paid", "pay", "with", "thanks"),
            "de", java.util.Set.of("der", "die", "das", "und", "ist", "ich", "sie", "mein", "meine", "nicht", "wir", "es", "habe",
                    "bitte", "mit", "ihnen", "ein", "eine", "zu", "den", "dem", "am", "auf", "bereits", "schon", "danke", "zahle"),
            "fr", java.util.Set.of("le", "la", "les", "et", "est", "je", "vous", "mon", "ma", "pas", "nous", "ce", "de", "une",
                    "un", "pour", "merci", "ai", "suis", "ne", "du", "des", "j'ai", "c'est", "n'est", "que", "avec", "payer"),
            "es", java.util.Set.of("el", "la", "los", "las", "y", "es", "yo", "usted", "mi", "no", "nosotros", "esta", "este",
                    "de", "una", "un", "para", "gracias", "he", "por", "que", "con", "del", "ya", "pagar", "favor", "factura"),
            "nl", java.util.Set.of("de", "het", "een", "en", "is", "ik", "u", "mijn", "niet", "wij", "we", "dit", "dat", "van",
                    "voor", "bedankt", "heb", "met", "op", "al", "graag", "factuur", "betalen", "betaald", "geen", "mij"));

    private static Map<Kind, List<String>> table(Object... kindsAndPhrases) {
        Map<Kind, List<String>> t = new EnumMap<>(Kind.class);
        for (int i = 0; i < kindsAndPhrases.length; i += 2) {
            @SuppressWarnings("unchecked")
            List<String> phrases = (List<String>) kindsAndPhrases[i + 1];
            t.put((Kind) kindsAndPhrases[i], phrases);
        }
        return t;
    }
}
