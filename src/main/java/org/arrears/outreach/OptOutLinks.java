package org.arrears.outreach;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Opaque, unguessable one-click opt-out links (RFC 8058): the communication's token plus an HMAC of it,
 * checked in constant time. Nothing about the debtor or the address appears in the link.
 */
public final class OptOutLinks {

    private static final int MAC_CHARS = 22;

    private final byte[] secret;
    private final String baseUrl;

    public OptOutLinks(String secret, String publicBaseUrl) {
        if (secret == null || secret.length() < 16) {
            throw new IllegalArgumentException("the opt-out link secret must be at least 16 characters");
        }
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.baseUrl = publicBaseUrl.endsWith("/") ? publicBaseUrl.substring(0, publicBaseUrl.length() - 1) : publicBaseUrl;
    }

    public String url(String communicationToken) {
        return baseUrl + "/unsubscribe/" + sign(communicationToken);
    }

    public String sign(String communicationToken) {
        return communicationToken + "." + mac(communicationToken);
    }

    /** The communication token when the link is genuine, empty otherwise. */
    public Optional<String> verify(String linkToken) {
        if (linkToken == null) {
            return Optional.empty();
        }
        int dot = linkToken.indexOf('.');
        if (dot <= 0 || dot == linkToken.length() - 1) {
            return Optional.empty();
        }
        String token = linkToken.substring(0, dot);
        byte[] expected = mac(token).getBytes(StandardCharsets.US_ASCII);
        byte[] given = linkToken.substring(dot + 1).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given) ? Optional.of(token) : Optional.empty();
    }

    private String mac(String token) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            byte[] d = mac.doFinal(token.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(d).substring(0, MAC_CHARS);
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }
}
