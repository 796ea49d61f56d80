package org.arrears.letter;

import java.util.List;
import java.util.Locale;

/**
 * Who a letter goes to, as printed in the envelope window: the name and the postal address lines (street, town and
 * postcode, and the country line for mail abroad), and the ISO 3166 country code for the print vendor's postage.
 */
public record Recipient(String name, List<String> addressLines, String country) {

    public Recipient {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("letter recipient: the name is empty");
        }
        if (addressLines == null || addressLines.stream().allMatch(l -> l == null || l.isBlank())) {
            throw new IllegalArgumentException("letter recipient: the postal address is empty");
        }
        if (country == null || !country.strip().matches("[A-Za-z]{2}")) {
            throw new IllegalArgumentException("letter recipient: country '" + country + "' is not a two-letter ISO code");
        }
        addressLines = addressLines.stream().filter(l -> l != null && !l.isBlank()).map(String::strip).toList();
        country = country.strip().toUpperCase(Locale.ROOT);
    }
}
