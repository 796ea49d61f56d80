package org.arrears.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.arrears.sms.WebhookSignatures.SignedContent;
import org.arrears.sms.WebhookSignatures.Verdict;
import org.arrears.testing.MutableClock;
import org.junit.jupiter.api.Test;

/** Twilio's and the generic profile's signatures; unsigned, forged and replayed requests. */
class WebhookSignaturesTest {

    // Twilio's published request-validation example, the vector of Twilio's own helper libraries' tests
    // (RequestValidatorTest in twilio-php and twilio-csharp): auth token 12345, this URL and these POST parameters.
    static final String TOKEN = "12345";
    static final String URL = "https://mycompany.com/myapp.php?foo=1&bar=2";
    static final Map<String, String> PARAMS = Map.of(
            "CallSid", "CA1234567890ABCDE",
            "Caller", "+14158675309",
            "Digits", "1234",
            "From", "+14158675309",
            "To", "+18005551212");
    static final String SIGNATURE = "RSOYDt4T1cUTdK1PDd93/VVr8B8=";

    static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    static final String SECRET = "generic-gateway-secret";

    private final MutableClock clock = new MutableClock(NOW);
    private final Map<String, Instant> seen = new ConcurrentHashMap<>();
    private final WebhookSignatures signatures = new WebhookSignatures(clock, Duration.ofMinutes(5),
            (key, forgetAfter) -> seen.putIfAbsent(key, forgetAfter) == null);

    @Test
    void twilioPublishedExampleSignatureIsReproduced() {
        assertThat(WebhookSignatures.twilioSignature(TOKEN, URL, PARAMS)).isEqualTo(SIGNATURE);
    }

    @Test
    void aRepeatedTwilioParameterSignsEachDistinctValueInOrderAsTwiliosLibrariesDo() {
        List<Map.Entry<String, String>> repeated = List.of(Map.entry("Sid", "CA123"), Map.entry("SidAccount", "AC123"),
                Map.entry("Digits", "5678"), Map.entry("Digits", "1234"), Map.entry("Digits", "1234"));
        // the repeated-parameter vector of Twilio's helper libraries' tests (twilio-python, twilio-php)
        assertThat(WebhookSignatures.twilioSignature(TOKEN, URL, repeated)).isEqualTo("IK+Dwps556ElfBT0I3Rgjkr1wJU=");
    }

    @Test
    void aGenuineTwilioRequestIsAcceptedOnceAndItsReplayRefused() {
        List<Map.Entry<String, String>> params = List.copyOf(PARAMS.entrySet());
        assertThat(signatures.verifyTwilio(TOKEN, URL, params, SIGNATURE).verdict()).isEqualTo(Verdict.ACCEPTED);
        assertThat(seen).containsEntry("twilio:" + SIGNATURE, NOW.plus(Duration.ofMinutes(5)));
        assertThat(signatures.verifyTwilio(TOKEN, URL, params, SIGNATURE).verdict()).isEqualTo(Verdict.REPLAYED);
    }

    @Test
    void aTwilioRequestWithATamperedParameterUrlOrTokenIsForged() {
        List<Map.Entry<String, String>> tampered = new java.util.ArrayList<>(PARAMS.entrySet());
        tampered.removeIf(e -> e.getKey().equals("Digits"));
        tampered.add(Map.entry("Digits", "9999"));
        assertThat(signatures.verifyTwilio(TOKEN, URL, tampered, SIGNATURE).verdict()).isEqualTo(Verdict.FORGED);
        assertThat(signatures.verifyTwilio(TOKEN, URL + "&extra=1", List.copyOf(PARAMS.entrySet()), SIGNATURE).verdict())
                .isEqualTo(Verdict.FORGED);
        assertThat(signatures.verifyTwilio("54321", URL, List.copyOf(PARAMS.entrySet()), SIGNATURE).verdict())
                .isEqualTo(Verdict.FORGED);
        assertThat(signatures.verifyTwilio(TOKEN, URL, List.copyOf(PARAMS.entrySet()), "RSOYDt4T1cUTdK1PDd93/VVr8B8A").verdict())
                .isEqualTo(Verdict.FORGED);
        assertThat(seen).as("a forged request is not remembered").isEmpty();
    }

    @Test
    void aTwilioSignatureIsAcceptedOverTheUrlWithoutItsPortOrWithTheDefaultPortAsTwiliosSdksDo() {
        List<Map.Entry<String, String>> params = List.of(Map.entry("MessageSid", "SM1"), Map.entry("MessageStatus", "delivered"));
        String signedWithDefaultPort = WebhookSignatures.twilioSignature(TOKEN, "https://hub.example:443/sms/status/twilio?x=1", params);
        String signedWithoutPort = WebhookSignatures.twilioSignature(TOKEN, "http://hub.example/sms/status/twilio", params);

        assertThat(signatures.verifyTwilio(TOKEN, "https://hub.example/sms/status/twilio?x=1", params, signedWithDefaultPort)
                .verdict()).isEqualTo(Verdict.ACCEPTED);
        assertThat(signatures.verifyTwilio(TOKEN, "http://hub.example:8080/sms/status/twilio", params, signedWithoutPort)
                .verdict()).isEqualTo(Verdict.ACCEPTED);
        assertThat(signatures.verifyTwilio(TOKEN, "http://hub.example/sms/status/twilio", params, signedWithDefaultPort)
                .verdict()).as("another scheme's default port").isEqualTo(Verdict.FORGED);
        assertThat(WebhookSignatures.withoutPort("https://[2001:db8::1]:8443/a?b=c:1")).isEqualTo("https://[2001:db8::1]/a?b=c:1");
        assertThat(WebhookSignatures.withDefaultPort("http://user@hub.example/a")).isEqualTo("http://user@hub.example:80/a");
    }

    @Test
    void aTwilioJsonBodyIsCheckedAgainstTheBodySha256OfItsUrlAndRefusedWithoutOne() {
        byte[] body = "{\"MessageSid\":\"SM1\"}".getBytes(StandardCharsets.UTF_8);
        String url = "https://hub.example/sms/status/twilio?bodySHA256=" + org.arrears.util.Sha256.hex(body);
        String signature = WebhookSignatures.twilioSignature(TOKEN, url, List.of());

        assertThat(signatures.verifyTwilioBody(TOKEN, url, body, signature).verdict()).isEqualTo(Verdict.ACCEPTED);
        assertThat(signatures.verifyTwilioBody(TOKEN, url, "{}".getBytes(StandardCharsets.UTF_8), signature).reason())
                .isEqualTo("request URL: bodySHA256 does not match the body");
        String bare = "https://hub.example/sms/status/twilio";
        assertThat(signatures.verifyTwilioBody(TOKEN, bare, body, WebhookSignatures.twilioSignature(TOKEN, bare, List.of())))
                .isEqualTo(new WebhookSignatures.Check(Verdict.FORGED, "request URL: no bodySHA256 parameter for a JSON body"));
        assertThat(WebhookSignatures.hasBodyHash(url)).isTrue();
        assertThat(WebhookSignatures.hasBodyHash(bare)).isFalse();
    }

    @Test
    void aTwilioRequestWithoutASignatureIsUnsigned() {
        assertThat(signatures.verifyTwilio(TOKEN, URL, List.copyOf(PARAMS.entrySet()), null).verdict()).isEqualTo(Verdict.UNSIGNED);
        assertThat(signatures.verifyTwilio(TOKEN, URL, List.copyOf(PARAMS.entrySet()), " ").verdict()).isEqualTo(Verdict.UNSIGNED);
    }

    @Test
    void hmacSha256MatchesThePublishedRfc4231Vector() {
        // RFC 4231, test case 2
        assertThat(WebhookSignatures.hmacSha256Hex("Jefe", "what do ya want for nothing?".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    @Test
    void aGenericRequestSignedOverItsRawBodyIsAcceptedOnce() throws Exception {
        byte[] body = "{\"id\":\"msg-1\",\"status\":\"delivered\"}".getBytes(StandardCharsets.UTF_8);
        String hex = independentHmacSha256(SECRET, body);
        String ts = Long.toString(NOW.minusSeconds(30).getEpochSecond());
        assertThat(signatures.verifyGeneric(SECRET, SignedContent.BODY, body, hex, ts).verdict()).isEqualTo(Verdict.ACCEPTED);
        assertThat(seen).containsEntry("generic:" + hex, NOW.minusSeconds(30).plus(Duration.ofMinutes(5)));
        assertThat(signatures.verifyGeneric(SECRET, SignedContent.BODY, body, hex, ts).verdict()).isEqualTo(Verdict.REPLAYED);
    }

    @Test
    void aGenericSignatureMayBeUpperCaseOrPrefixedAndTheTimestampIso8601() throws Exception {
        byte[] body = "a=1".getBytes(StandardCharsets.UTF_8);
        String hex = independentHmacSha256(SECRET, body);
        assertThat(signatures.verifyGeneric(SECRET, SignedContent.BODY, body, "sha256=" + hex.toUpperCase(), NOW.toString())
                .verdict()).isEqualTo(Verdict.ACCEPTED);
    }

    @Test
    void aGenericRequestWhoseBodyChangedIsForged() throws Exception {
        byte[] body = "{\"status\":\"delivered\"}".getBytes(StandardCharsets.UTF_8);
        String hex = independentHmacSha256(SECRET, body);
        byte[] changed = "{\"status\":\"failed\"}".getBytes(StandardCharsets.UTF_8);
        assertThat(signatures.verifyGeneric(SECRET, SignedContent.BODY, changed, hex, NOW.toString()).verdict())
                .isEqualTo(Verdict.FORGED);
        assertThat(signatures.verifyGeneric("other-secret", SignedContent.BODY, body, hex, NOW.toString()).verdict())
                .isEqualTo(Verdict.FORGED);
        assertThat(signatures.verifyGeneric(SECRET, SignedContent.BODY, body, "not hex at all", NOW.toString()).verdict())
                .isEqualTo(Verdict.FORGED);
    }

    @Test
    void aGenericRequestWithoutSignatureOrTimestampIsUnsigned() throws Exception {
        byte[] body = "x".getBytes(StandardCharsets.UTF_8);
        assertThat(signatures.verifyGeneric(SECRET, SignedContent.BODY, body, null, NOW.toString()).verdict()).isEqualTo(Verdict.UNSIGNED);
        assertThat(signatures.verifyGeneric(SECRET, SignedContent.BODY, body, independentHmacSha256(SECRET, body), null).reason())
                .isEqualTo("timestamp header: missing");
    }

    @Test
    void aGenericRequestOlderThanTheWindowIsAReplay() throws Exception {
        byte[] body = "x".getBytes(StandardCharsets.UTF_8);
        String hex = independentHmacSha256(SECRET, body);
        String old = Long.toString(NOW.minus(Duration.ofMinutes(6)).getEpochSecond());
        var check = signatures.verifyGeneric(SECRET, SignedContent.BODY, body, hex, old);
        assertThat(check.verdict()).isEqualTo(Verdict.REPLAYED);
        assertThat(check.reason()).contains("more than 5 minutes from now");
        String future = NOW.plus(Duration.ofMinutes(6)).toString();
        assertThat(signatures.verifyGeneric(SECRET, SignedContent.BODY, body, hex, future).verdict()).isEqualTo(Verdict.REPLAYED);
        String edge = NOW.minus(Duration.ofMinutes(5)).toString();
        assertThat(signatures.verifyGeneric(SECRET, SignedContent.BODY, body, hex, edge).verdict()).isEqualTo(Verdict.ACCEPTED);
    }

    @Test
    void aSignedTimestampCannotBeRefreshedOnAnOldBody() throws Exception {
        byte[] body = "{\"status\":\"delivered\"}".getBytes(StandardCharsets.UTF_8);
        String then = Long.toString(NOW.minus(Duration.ofHours(1)).getEpochSecond());
        String hex = independentHmacSha256(SECRET, (then + ".").getBytes(StandardCharsets.UTF_8), body);
        clock.set(NOW.minus(Duration.ofHours(1)));
        assertThat(signatures.verifyGeneric(SECRET, SignedContent.TIMESTAMP_DOT_BODY, body, hex, then).verdict())
                .isEqualTo(Verdict.ACCEPTED);
        clock.set(NOW);
        String fresh = Long.toString(NOW.getEpochSecond());
        assertThat(signatures.verifyGeneric(SECRET, SignedContent.TIMESTAMP_DOT_BODY, body, hex, fresh).verdict())
                .isEqualTo(Verdict.FORGED);
    }

    @Test
    void aMalformedTimestampOnAValidSignatureIsRefusedAsForged() throws Exception {
        byte[] body = "x".getBytes(StandardCharsets.UTF_8);
        var check = signatures.verifyGeneric(SECRET, SignedContent.BODY, body, independentHmacSha256(SECRET, body), "yesterday");
        assertThat(check.verdict()).isEqualTo(Verdict.FORGED);
        assertThat(check.reason()).contains("timestamp header 'yesterday'");
    }

    @Test
    void constantTimeComparisonStillComparesExactly() {
        assertThat(WebhookSignatures.constantTimeEquals("abc", "abc")).isTrue();
        assertThat(WebhookSignatures.constantTimeEquals("abc", "abd")).isFalse();
        assertThat(WebhookSignatures.constantTimeEquals("abc", "abcd")).isFalse();
        assertThat(WebhookSignatures.constantTimeEquals("abc", null)).isFalse();
    }

    @Test
    void aWindowThatIsNotPositiveAndAnEmptySecretAreRefused() {
        assertThatThrownBy(() -> new WebhookSignatures(clock, Duration.ZERO, (k, t) -> true))
                .hasMessageContaining("webhook replay window: must be positive");
        assertThatThrownBy(() -> WebhookSignatures.hmacSha256Hex("", new byte[0]))
                .hasMessage("webhook signing secret: empty");
    }

    /** The expected signature computed here with javax.crypto.Mac, independently of the class under test. */
    private static String independentHmacSha256(String secret, byte[]... parts) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        for (byte[] p : parts) {
            mac.update(p);
        }
        return HexFormat.of().formatHex(mac.doFinal());
    }
}
