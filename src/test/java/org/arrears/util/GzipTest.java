package org.arrears.util;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class GzipTest {

    @Test
    void textRoundTripsThroughTheStandardReader() throws IOException {
        byte[] text = "Dear customer, invoice INV-2026-000123 is overdue.\r\n".repeat(200).getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(text, gunzip(Gzip.compress(text)));
    }

    @Test
    void incompressibleContentGrowsTheBufferAndStillRoundTrips() throws IOException {
        byte[] noise = new byte[300_000];
        new Random(7).nextBytes(noise);
        assertArrayEquals(noise, gunzip(Gzip.compress(noise)));
    }

    @Test
    void reusedDeflaterLeavesNoStateBetweenMessages() throws IOException {
        byte[] first = "first message".getBytes(StandardCharsets.UTF_8);
        byte[] empty = new byte[0];
        Gzip.compress(first);
        assertArrayEquals(empty, gunzip(Gzip.compress(empty)));
        assertArrayEquals(first, gunzip(Gzip.compress(first)));
    }

    private static byte[] gunzip(byte[] gz) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(gz))) {
            return in.readAllBytes();
        }
    }
}
