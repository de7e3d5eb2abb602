package dev.mosaic.shared.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 of text, for secrets the services generate themselves (high entropy, so a plain hash is
 * enough at rest) and for fingerprints of requests.
 */
public final class Sha256 {
    /** Cloned for each digest: looking the algorithm up among the providers cost as much as hashing a token. */
    private static final MessageDigest PROTOTYPE = newDigest();

    private Sha256() {
    }

    public static byte[] of(String text) {
        MessageDigest digest;
        try {
            digest = (MessageDigest) PROTOTYPE.clone();
        } catch (CloneNotSupportedException e) {
            digest = newDigest();
        }
        return digest.digest(text.getBytes(StandardCharsets.UTF_8));
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every JVM has SHA-256", e);
        }
    }

    public static String hexOf(String text) {
        return HexFormat.of().formatHex(of(text));
    }
}
