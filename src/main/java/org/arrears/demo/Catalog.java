package org.arrears.demo;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The small built-in lists the realistic book is drawn from: places (locale, zone, jurisdiction, currency,
 * postal codes, area codes), personal names, company names and streets per locale.
 *
 * <p>Phone numbers come only from ranges reserved for fiction (NANP 555-0100 to 555-0199, UK 07700 900xxx,
 * France 06 39 98 xx xx) and email addresses only from reserved domains (.example, example.com/net/org,
 * .test), so a demo run can never reach a real person. Countries without such a mobile range get no SMS
 * contact point.
 */
final class Catalog {

    private Catalog() {
    }

    /** A place debtors live in; {@code weight} is its share of the realistic book. */
    record Place(String locale, String timeZone, String jurisdiction, String currency, String country,
                 String city, String region, List<String> postalCodes, List<String> areaCodes, int weight) {

        String randomPostalCode(SplittableRandom rng) {
            return postalCodes.get(rng.nextInt(postalCodes.size()));
        }
    }

    private static Place us(String zone, String state, String city, List<String> zips, List<String> areas, int w) {
        return new Place("en-US", zone, "US-" + state, "USD", "US", city, state, zips, areas, w);
    }

    static final List<Place> PLACES = List.of(
            us("America/New_York", "NY", "New York", List.of("10001", "10016", "10027", "10451"), List.of("212", "646", "718"), 50),
            us("America/New_York", "FL", "Miami", List.of("33130", "33131", "33142"), List.of("305", "786"), 25),
            us("America/New_York", "FL", "Orlando", List.of("32801", "32803"), List.of("407"), 12),
            us("America/New_York", "GA", "Atlanta", List.of("30303", "30308"), List.of("404", "470"), 18),
            us("America/New_York", "MA", "Boston", List.of("02108", "02116"), List.of("617"), 14),
            us("America/New_York", "PA", "Philadelphia", List.of("19103", "19107"), List.of("215", "267"), 14),
            us("America/Chicago", "TX", "Houston", List.of("77002", "77004"), List.of("713", "832"), 22),
            us("America/Chicago", "TX", "Dallas", List.of("75201", "75204"), List.of("214", "972"), 18),
            us("America/Chicago", "IL", "Chicago", List.of("60601", "60614"), List.of("312", "773"), 22),
            us("America/Denver", "CO", "Denver", List.of("80202", "80205"), List.of("303", "720"), 14),
            us("America/Los_Angeles", "CA", "San Francisco", List.of("94105", "94110"), List.of("415", "628"), 18),
            us("America/Los_Angeles", "CA", "Los Angeles", List.of("90012", "90026"), List.of("213", "323"), 28),
            us("America/Los_Angeles", "WA", "Seattle", List.of("98101", "98103"), List.of("206"), 14),
            us("America/Phoenix", "AZ", "Phoenix", List.of("85004", "85012"), List.of("602", "480"), 14),
            us("America/Anchorage", "AK", "Anchorage", List.of("99501", "99503"), List.of("907"), 8),
            us("Pacific/Honolulu", "HI", "Honolulu", List.of("96813", "96815"), List.of("808"), 9),
            new Place("en-GB", "Europe/London", "GB", "GBP", "GB", "London", null, List.of("EC1A 1BB", "SW1A 2AA", "N1 9GU", "SE1 7PB"), List.of(), 60),
            new Place("en-GB", "Europe/London", "GB", "GBP", "GB", "Manchester", null, List.of("M1 1AE", "M4 5JD"), List.of(), 25),
            new Place("en-GB", "Europe/London", "GB", "GBP", "GB", "Leeds", null, List.of("LS1 4AP", "LS6 2AB"), List.of(), 15),
            new Place("en-GB", "Europe/London", "GB", "GBP", "GB", "Bristol", null, List.of("BS1 4DJ", "BS8 1TH"), List.of(), 12),
            new Place("en-GB", "Europe/London", "GB", "GBP", "GB", "Glasgow", null, List.of("G1 1XQ", "G12 8QQ"), List.of(), 8),
            new Place("de-DE", "Europe/Berlin", "DE", "EUR", "DE", "Berlin", null, List.of("10115", "10245", "12043"), List.of(), 30),
            new Place("de-DE", "Europe/Berlin", "DE", "EUR", "DE", "München", null, List.of("80331", "80802"), List.of(), 25),
            new Place("de-DE", "Europe/Berlin", "DE", "EUR", "DE", "Hamburg", null, List.of("20095", "22767"), List.of(), 20),
            new Place("de-DE", "Europe/Berlin", "DE", "EUR", "DE", "Köln", null, List.of("50667", "50823"), List.of(), 15),
            new Place("de-DE", "Europe/Berlin", "DE", "EUR", "DE", "Frankfurt am Main", null, List.of("60311", "60487"), List.of(), 10),
            new Place("fr-FR", "Europe/Paris", "FR", "EUR", "FR", "Paris", null, List.of("75001", "75011", "75015"), List.of(), 40),
            new Place("fr-FR", "Europe/Paris", "FR", "EUR", "FR", "Lyon", null, List.of("69002", "69007"), List.of(), 15),
            new Place("fr-FR", "Europe/Paris", "FR", "EUR", "FR", "Marseille", null, List.of("13001", "13008"), List.of(), 10),
            new Place("fr-FR", "Europe/Paris", "FR", "EUR", "FR", "Toulouse", null, List.of("31000", "31400"), List.of(), 8),
            new Place("fr-FR", "Europe/Paris", "FR", "EUR", "FR", "Lille", null, List.of("59000", "59800"), List.of(), 7),
            new Place("es-ES", "Europe/Madrid", "ES", "EUR", "ES", "Madrid", null, List.of("28013", "28004", "28045"), List.of(), 25),
            new Place("es-ES", "Europe/Madrid", "ES", "EUR", "ES", "Barcelona", null, List.of("08002", "08013"), List.of(), 20),
            new Place("es-ES", "Europe/Madrid", "ES", "EUR", "ES", "Valencia", null, List.of("46002", "46021"), List.of(), 7),
            new Place("es-ES", "Europe/Madrid", "ES", "EUR", "ES", "Sevilla", null, List.of("41001", "41004"), List.of(), 5),
            new Place("es-ES", "Europe/Madrid", "ES", "EUR", "ES", "Bilbao", null, List.of("48001", "48008"), List.of(), 3),
            new Place("en-CA", "America/Toronto", "CA-ON", "CAD", "CA", "Toronto", "ON", List.of("M5V 2T6", "M4W 1A8", "M6G 3A4"), List.of("416", "647"), 35),
            new Place("en-CA", "America/Toronto", "CA-ON", "CAD", "CA", "Ottawa", "ON", List.of("K1P 1J1", "K2P 0A4"), List.of("613"), 15),
            new Place("fr-CA", "America/Toronto", "CA-QC", "CAD", "CA", "Montréal", "QC", List.of("H2X 1Y4", "H3B 2Y5", "H2J 3K8"), List.of("514", "438"), 38),
            new Place("fr-CA", "America/Toronto", "CA-QC", "CAD", "CA", "Québec", "QC", List.of("G1R 4P5", "G1K 3G2"), List.of("418"), 12));

    /**
     * US debtors whose time zone is unknown and whose location evidence conflicts: the mailing-address ZIP
     * points to one zone, the phone area codes to another (R2).
     */
    static final List<Place> CONFLICTING = List.of(
            new Place("en-US", null, "US-CA", "USD", "US", "San Francisco", "CA", List.of("94105"), List.of("212"), 1),
            new Place("en-US", null, "US-NY", "USD", "US", "New York", "NY", List.of("10001"), List.of("808"), 1),
            new Place("en-US", null, "US-IL", "USD", "US", "Chicago", "IL", List.of("60601"), List.of("907"), 1),
            new Place("en-US", null, "US-WA", "USD", "US", "Seattle", "WA", List.of("98101"), List.of("206", "305"), 1));

    static Place weightedPlace(SplittableRandom rng) {
        int total = 0;
        for (Place p : PLACES) {
            total += p.weight();
        }
        int r = rng.nextInt(total);
        for (Place p : PLACES) {
            r -= p.weight();
            if (r < 0) {
                return p;
            }
        }
        throw new AssertionError();
    }

    // ---- personal names -------------------------------------------------------------------------

    private record Names(List<String> first, List<String> last, boolean twoSurnames) {
    }

    private static final Names EN_US = new Names(
            List.of("James", "Mary", "Robert", "Patricia", "Michael", "Jennifer", "David", "Linda", "William",
                    "Elizabeth", "Carlos", "Maria", "Jamal", "Aisha", "Kevin", "Emily", "Daniel", "Sarah",
                    "Anthony", "Jessica", "Wei", "Priya"),
            List.of("Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez",
                    "Martinez", "Hernandez", "Lopez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore",
                    "Jackson", "Lee", "Nguyen", "Patel", "Washington"),
            false);
    private static final Names EN_GB = new Names(
            List.of("Oliver", "Amelia", "George", "Olivia", "Harry", "Isla", "Jack", "Emily", "Charlie", "Sophie",
                    "Thomas", "Grace", "Mohammed", "Priya", "William", "Chloe"),
            List.of("Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Patel",
                    "Wright", "Robinson", "Thompson", "Evans", "Walker", "Hughes", "O'Brien", "Khan", "Clarke"),
            false);
    private static final Names DE_DE = new Names(
            List.of("Lukas", "Anna", "Maximilian", "Sophie", "Jonas", "Marie", "Leon", "Laura", "Felix", "Julia",
                    "Paul", "Lena", "Jürgen", "Sabine", "Thomas", "Katrin"),
            List.of("Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz",
                    "Hoffmann", "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf", "Schröder", "Neumann"),
            false);
    private static final Names FR_FR = new Names(
            List.of("Gabriel", "Louise", "Léo", "Emma", "Raphaël", "Jade", "Arthur", "Chloé", "Lucas", "Camille",
                    "Hugo", "Manon", "Thomas", "Inès", "Nicolas", "Élodie"),
            List.of("Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy",
                    "Moreau", "Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "Fournier", "Girard", "Lambert"),
            false);
    private static final Names FR_CA = new Names(
            List.of("William", "Léa", "Olivier", "Florence", "Félix", "Alice", "Samuel", "Rosalie", "Gabriel",
                    "Juliette", "Mathis", "Charlotte", "Étienne", "Béatrice", "Jacob", "Émilie"),
            List.of("Tremblay", "Gagnon", "Roy", "Côté", "Bouchard", "Gauthier", "Morin", "Lavoie", "Fortin",
                    "Gagné", "Ouellet", "Pelletier", "Bélanger", "Lévesque", "Bergeron", "Leblanc"),
            false);
    private static final Names EN_CA = new Names(
            List.of("Liam", "Olivia", "Noah", "Emma", "Benjamin", "Charlotte", "Lucas", "Amelia", "Ethan", "Ava",
                    "Owen", "Chloe", "Arjun", "Harpreet", "Ryan", "Megan"),
            List.of("Smith", "Brown", "Tremblay", "Martin", "Roy", "Wilson", "MacDonald", "Taylor", "Campbell",
                    "Anderson", "Jones", "Leblanc", "Johnson", "Singh", "Chen", "Thompson"),
            false);
    private static final Names ES_ES = new Names(
            List.of("Hugo", "Lucía", "Martín", "Sofía", "Pablo", "María", "Daniel", "Martina", "Alejandro", "Paula",
                    "Javier", "Carmen", "Sergio", "Laura", "Álvaro", "Elena"),
            List.of("García", "Rodríguez", "González", "Fernández", "López", "Martínez", "Sánchez", "Pérez",
                    "Gómez", "Martín", "Jiménez", "Ruiz", "Hernández", "Díaz", "Moreno", "Álvarez", "Romero",
                    "Navarro"),
            true);

    private static Names names(String locale) {
        return switch (locale) {
            case "en-GB" -> EN_GB;
            case "de-DE" -> DE_DE;
            case "fr-FR" -> FR_FR;
            case "fr-CA" -> FR_CA;
            case "en-CA" -> EN_CA;
            case "es-ES" -> ES_ES;
            default -> EN_US;
        };
    }

    /** A person: {first, last} where last may hold two surnames (Spain). */
    static String[] person(SplittableRandom rng, String locale) {
        Names n = names(locale);
        String first = pick(rng, n.first());
        String last = pick(rng, n.last());
        if (n.twoSurnames()) {
            String second;
            do {
                second = pick(rng, n.last());
            } while (second.equals(last));
            last = last + " " + second;
        }
        return new String[] {first, last};
    }

    // ---- companies --------------------------------------------------------------------------------

    private record Companies(List<String> stems, List<String> trades, List<String> forms, boolean tradeFirst,
                             List<String> billingMailboxes) {
    }

    private static final Companies CO_US = new Companies(
            List.of("Blue Ridge", "Harbor", "Summit", "Cedar", "Lakeshore", "Redwood", "Ironwood", "Prairie",
                    "Granite", "Silverline", "Northgate", "Keystone"),
            List.of("Logistics", "Supply", "Builders", "Analytics", "Foods", "Electric", "Dental Group", "Printing",
                    "Motors", "Hardware"),
            List.of("LLC", "Inc.", "Co."), false, List.of("accounts", "ap", "billing"));
    private static final Companies CO_GB = new Companies(
            List.of("Thames", "Pennine", "Kestrel", "Oakfield", "Hawthorn", "Brunel", "Wessex", "Mercia", "Fenwick",
                    "Ashdown"),
            List.of("Engineering", "Trading", "Joinery", "Catering", "Logistics", "Print", "Consulting", "Interiors"),
            List.of("Ltd", "Ltd", "plc", "LLP"), false, List.of("accounts", "finance", "purchase.ledger"));
    private static final Companies CO_DE = new Companies(
            List.of("Nordlicht", "Rheintal", "Alpen", "Hanse", "Spree", "Isar", "Elbe", "Schwarzwald", "Bergmann",
                    "Weber"),
            List.of("Logistik", "Maschinenbau", "Elektrotechnik", "Bau", "Handel", "Druck", "Software", "Feinkost"),
            List.of("GmbH", "GmbH", "AG", "GmbH & Co. KG", "UG"), false, List.of("buchhaltung", "rechnungen"));
    private static final Companies CO_FR = new Companies(
            List.of("Loire", "Provence", "Azur", "Bretagne", "Lumière", "Horizon", "Méridien", "Vallée"),
            List.of("Transports", "Bâtiment", "Conseil", "Distribution", "Imprimerie", "Services", "Informatique"),
            List.of("SAS", "SARL", "SA"), true, List.of("comptabilite", "factures"));
    private static final Companies CO_QC = new Companies(
            List.of("Laurentides", "Saguenay", "Mauricie", "Estrie", "Outaouais", "Gaspésie", "Beauce"),
            List.of("Transports", "Construction", "Distribution", "Services", "Informatique", "Alimentation"),
            List.of("inc.", "ltée"), true, List.of("comptabilite", "comptes.payables"));
    private static final Companies CO_CA = new Companies(
            List.of("Maple", "Northern", "Great Lakes", "Rideau", "Muskoka", "Huron", "Algonquin", "Bayview"),
            List.of("Logistics", "Supply", "Construction", "Software", "Foods", "Electric", "Printing"),
            List.of("Inc.", "Ltd."), false, List.of("accounts", "ap"));
    private static final Companies CO_ES = new Companies(
            List.of("Ibérica", "Mediterránea", "Castilla", "Cantábrica", "Levante", "Sol", "Atlántica", "Meseta"),
            List.of("Logística", "Construcciones", "Distribuciones", "Consultores", "Alimentación", "Gráficas"),
            List.of("S.L.", "S.L.", "S.A."), true, List.of("facturas", "contabilidad"));

    private static Companies companies(String locale) {
        return switch (locale) {
            case "en-GB" -> CO_GB;
            case "de-DE" -> CO_DE;
            case "fr-FR" -> CO_FR;
            case "fr-CA" -> CO_QC;
            case "en-CA" -> CO_CA;
            case "es-ES" -> CO_ES;
            default -> CO_US;
        };
    }

    /** A company: {full name, name without legal form}. */
    static String[] company(SplittableRandom rng, String locale) {
        Companies c = companies(locale);
        String stem = pick(rng, c.stems());
        String trade = pick(rng, c.trades());
        String base = c.tradeFirst() ? trade + " " + stem : stem + " " + trade;
        return new String[] {base + " " + pick(rng, c.forms()), base};
    }

    static String billingMailbox(SplittableRandom rng, String locale) {
        return pick(rng, companies(locale).billingMailboxes());
    }

    // ---- addresses ------------------------------------------------------------------------------

    private static final List<String> STREETS_EN = List.of("Main Street", "Oak Avenue", "Maple Drive", "Park Road",
            "Church Street", "High Street", "Mill Lane", "Station Road", "Elm Street", "Lake View Drive");
    private static final List<String> STREETS_DE = List.of("Hauptstraße", "Bahnhofstraße", "Gartenweg", "Schillerstraße",
            "Goethestraße", "Lindenallee", "Kirchplatz", "Bergstraße");
    private static final List<String> STREETS_FR = List.of("rue de la République", "avenue Victor Hugo", "rue des Lilas",
            "boulevard Voltaire", "rue du Moulin", "place de l'Église", "rue Saint-Denis", "rue Sherbrooke");
    private static final List<String> STREETS_ES = List.of("Calle Mayor", "Avenida de la Constitución", "Calle del Sol",
            "Paseo de Gracia", "Calle Real", "Plaza de España", "Calle de Alcalá");

    /** A postal address as lines separated by a line feed. */
    static String postalAddress(SplittableRandom rng, Place p, String postalCode) {
        int no = 1 + rng.nextInt(240);
        return switch (p.country()) {
            case "US" -> no + " " + pick(rng, STREETS_EN) + "\n" + p.city() + ", " + p.region() + " " + postalCode
                    + "\nUnited States";
            case "CA" -> no + " " + pick(rng, "fr-CA".equals(p.locale()) ? STREETS_FR : STREETS_EN) + "\n"
                    + p.city() + " " + p.region() + "  " + postalCode + "\nCanada";
            case "GB" -> no + " " + pick(rng, STREETS_EN) + "\n" + p.city() + "\n" + postalCode + "\nUnited Kingdom";
            case "DE" -> pick(rng, STREETS_DE) + " " + no + "\n" + postalCode + " " + p.city() + "\nDeutschland";
            case "FR" -> no + " " + pick(rng, STREETS_FR) + "\n" + postalCode + " " + p.city() + "\nFrance";
            case "ES" -> pick(rng, STREETS_ES) + ", " + no + "\n" + postalCode + " " + p.city() + "\nEspaña";
            default -> throw new IllegalArgumentException(p.country());
        };
    }

    // ---- phones and email ------------------------------------------------------------------------

    /**
     * A mobile number in E.164 from a range reserved for fiction, or null when the country has none.
     * {@code areaCode} is used for NANP numbers.
     */
    static String fictionalMobile(SplittableRandom rng, String country, String areaCode) {
        return switch (country) {
            case "US", "CA" -> "+1" + areaCode + "55501" + two(rng.nextInt(100));
            case "GB" -> "+447700900" + String.format(Locale.ROOT, "%03d", rng.nextInt(1000));
            case "FR" -> "+3363998" + String.format(Locale.ROOT, "%04d", rng.nextInt(10000));
            default -> null;
        };
    }

    static boolean hasFictionalMobiles(String country) {
        return switch (country) {
            case "US", "CA", "GB", "FR" -> true;
            default -> false;
        };
    }

    static List<String> personalMailDomains(String locale) {
        return switch (locale) {
            case "de-DE" -> List.of("web.example", "post.example", "example.net");
            case "fr-FR", "fr-CA" -> List.of("courriel.example", "example.org", "mail.example");
            case "es-ES" -> List.of("correo.example", "example.org", "mail.example");
            default -> List.of("example.com", "mail.example", "inbox.example", "example.net");
        };
    }

    /** Lower-case ASCII form of a name for an email address ("Müller" → "mueller", "Côté" → "cote"). */
    static String slug(String s, char separator) {
        String t = s.toLowerCase(Locale.ROOT)
                .replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss");
        t = Normalizer.normalize(t, Normalizer.Form.NFD).replaceAll("\\p{M}", "");
        StringBuilder sb = new StringBuilder(t.length());
        boolean pendingSep = false;
        for (int i = 0; i < t.length(); i++) {
            char c = t.charAt(i);
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                if (pendingSep && sb.length() > 0) {
                    sb.append(separator);
                }
                pendingSep = false;
                sb.append(c);
            } else if (c != '\'') {
                pendingSep = true;
            }
        }
        return sb.toString();
    }

    static <T> T pick(SplittableRandom rng, List<T> list) {
        return list.get(rng.nextInt(list.size()));
    }

    static String two(int v) {
        return v < 10 ? "0" + v : Integer.toString(v);
    }
}
