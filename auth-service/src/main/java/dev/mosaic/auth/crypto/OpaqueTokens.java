package dev.mosaic.auth.crypto;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * Secrets this service makes itself (session tokens, mailed link tokens, client secrets): 256
 * random bits, base64url. They are high-entropy, so a plain SHA-256 ({@code Sha256} in shared-types)
 * is all that is stored.
 */
public final class OpaqueTokens {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int BYTES = 32;

    private OpaqueTokens() {
    }

    public static String generate() {
        byte[] bytes = new byte[BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
