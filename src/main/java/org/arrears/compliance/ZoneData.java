package org.arrears.compliance;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The location tables under {@code /compliance/}, loaded once: ZIP3 prefix ranges to region, region to zones,
 * NANP area code to zones, Canadian postal first letter to zones, and built-in holiday dates. Every file
 * starts with a {@code #} line naming its source and assumptions, then a column header.
 */
final class ZoneData {

    static final String ZIP3 = "/compliance/zip3-regions.csv";
    static final String REGIONS = "/compliance/region-zones.csv";
    static final String AREA_CODES = "/compliance/area-codes.csv";
    static final String CA_POSTAL = "/compliance/ca-postal-regions.csv";
    static final String HOLIDAYS = "/compliance/holidays.csv";

    /** Index 0..999: the region of each ZIP3 prefix, or null. */
    final String[] zip3Region = new String[1000];
    final Map<String, Set<ZoneId>> regionZones = new LinkedHashMap<>();
    final Map<String, Set<ZoneId>> areaCodeZones = new TreeMap<>();
    final Map<String, String> areaCodeRegion = new TreeMap<>();
    final Map<Character, Set<ZoneId>> caPostalZones = new TreeMap<>();
    final Map<Character, String> caPostalRegion = new TreeMap<>();
    final Map<String, Set<LocalDate>> holidays = new TreeMap<>();

    private static final class Holder {
        static final ZoneData INSTANCE = new ZoneData();
    }

    static ZoneData get() {
        return Holder.INSTANCE;
    }

    private ZoneData() {
        for (String[] r : read(REGIONS, "region,zones")) {
            regionZones.put(r[0], zones(REGIONS, r[1]));
        }
        for (String[] r : read(ZIP3, "from,to,region")) {
            int from = Integer.parseInt(r[0]);
            int to = Integer.parseInt(r[1]);
            requireRegion(ZIP3, r[2]);
            for (int i = from; i <= to; i++) {
                if (zip3Region[i] != null) {
                    throw new IllegalStateException(ZIP3 + ": prefix " + i + " listed twice");
                }
                zip3Region[i] = r[2];
            }
        }
        for (String[] r : read(AREA_CODES, "area_code,region,zones")) {
            if (!r[0].matches("[2-9]\\d\\d")) {
                throw new IllegalStateException(AREA_CODES + ": bad area code " + r[0]);
            }
            requireRegion(AREA_CODES, r[1]);
            Set<ZoneId> z = r.length > 2 && !r[2].isBlank() ? zones(AREA_CODES, r[2]) : regionZones.get(r[1]);
            if (areaCodeZones.put(r[0], z) != null) {
                throw new IllegalStateException(AREA_CODES + ": area code " + r[0] + " listed twice");
            }
            areaCodeRegion.put(r[0], r[1]);
        }
        for (String[] r : read(CA_POSTAL, "letter,region,zones")) {
            requireRegion(CA_POSTAL, r[1]);
            char c = r[0].charAt(0);
            caPostalZones.put(c, zones(CA_POSTAL, r[2]));
            caPostalRegion.put(c, r[1]);
        }
        for (String[] r : read(HOLIDAYS, "jurisdiction,date,name")) {
            holidays.computeIfAbsent(r[0], k -> new TreeSet<>()).add(LocalDate.parse(r[1]));
        }
        freeze();
    }

    private void freeze() {
        regionZones.replaceAll((k, v) -> Collections.unmodifiableSet(v));
        holidays.replaceAll((k, v) -> Collections.unmodifiableSet(v));
    }

    private void requireRegion(String file, String region) {
        if (!regionZones.containsKey(region)) {
            throw new IllegalStateException(file + ": region " + region + " has no zones in " + REGIONS);
        }
    }

    private static Set<ZoneId> zones(String file, String text) {
        Set<ZoneId> out = new LinkedHashSet<>();
        for (String id : text.split(";")) {
            try {
                out.add(ZoneId.of(id.trim()));
            } catch (DateTimeException e) {
                throw new IllegalStateException(file + ": unknown zone " + id, e);
            }
        }
        return Collections.unmodifiableSet(out);
    }

    private static List<String[]> read(String resource, String header) {
        InputStream in = ZoneData.class.getResourceAsStream(resource);
        if (in == null) {
            throw new IllegalStateException("missing resource " + resource);
        }
        List<String[]> rows = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            boolean sawSource = false;
            boolean sawHeader = false;
            String line;
            while ((line = r.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                if (line.startsWith("#")) {
                    sawSource = true;
                    continue;
                }
                if (!sawHeader) {
                    if (!line.trim().equals(header)) {
                        throw new IllegalStateException(resource + ": expected header '" + header + "'");
                    }
                    sawHeader = true;
                    continue;
                }
                String[] cells = line.split(",", -1);
                rows.add(Arrays.stream(cells).map(String::trim).toArray(String[]::new));
            }
            if (!sawSource || !sawHeader) {
                throw new IllegalStateException(resource + ": needs a # source line and a header");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(resource, e);
        }
        return rows;
    }
}
