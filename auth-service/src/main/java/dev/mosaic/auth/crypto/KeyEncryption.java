package dev.mosaic.auth.crypto;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import jakarta.interceptor.Interceptor;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts private signing keys at rest with AES-256-GCM. The AES key is derived once from the
 * configured secret (PBKDF2, since operators may choose a weak one); the key id is the associated
 * data, so a ciphertext copied onto another row does not decrypt.
 *
 * <p>Other secrets kept in the database (an external provider's tokens in {@code accounts}, the
 * PKCE verifier of a running sign-in) go through {@link #seal}/{@link #open}: the same AES-GCM, under
 * a second key derived from the first (HMAC-SHA256 with a label, so no second PBKDF2 run), with the
 * caller's context (row and column) as associated data.
 *
 * <p>PBKDF2's 210,000 rounds take a third of a second of CPU at start on 2 cores, so they run on a thread of
 * their own from the first startup observer on, beside the rest of the start (the database work of the other
 * observers), and the last startup observer waits for them: the HTTP server opens after the startup
 * observers, so no request ever waits for the derivation.
 */
@Singleton
public class KeyEncryption {
    private static final byte[] SALT = "mosaic-auth/jwks/v1".getBytes(StandardCharsets.UTF_8);
    private static final int PBKDF2_ITERATIONS = 210_000;
    private static final int MIN_SECRET_LENGTH = 16;
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private static final String SEALED_PREFIX = "v1.";
    private static final byte[] TEXT_KEY_LABEL = "mosaic-auth/secrets-at-rest/v1".getBytes(StandardCharsets.UTF_8);

    /** The AES key of the private signing keys, and the one of other secrets at rest. */
    private record Keys(SecretKey key, SecretKey textKey) {
        static Keys derivedFrom(String secret) {
            SecretKey key = derive(secret);
            return new Keys(key, subkey(key, TEXT_KEY_LABEL));
        }
    }

    private final CompletableFuture<Keys> keys;

    KeyEncryption(KeyEncryptionConfig config) {
        String secret = config.secret();
        if (secret.length() < MIN_SECRET_LENGTH) {
            throw new IllegalStateException("mosaic.auth.key-encryption.secret (MOSAIC_AUTH_KEY_ENCRYPTION_SECRET) "
                    + "must be at least " + MIN_SECRET_LENGTH + " characters long");
        }
        this.keys = CompletableFuture.supplyAsync(() -> Keys.derivedFrom(secret), derivation -> {
            Thread thread = new Thread(derivation, "mosaic-key-derivation");
            thread.setDaemon(true);
            thread.start();
        });
    }

    /** Before the other startup observers: making this bean starts the derivation. */
    void deriveBesideTheStart(@Observes @Priority(Interceptor.Priority.LIBRARY_BEFORE) StartupEvent start) {
    }

    /** After the other startup observers, before the HTTP server opens; a failed derivation stops the start. */
    void derivedBeforeTheFirstRequest(@Observes @Priority(Interceptor.Priority.PLATFORM_AFTER) StartupEvent start) {
        keys();
    }

    private Keys keys() {
        try {
            return keys.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /** {@code plaintext} encrypted for storage in a text column; {@code context} must be given again to {@link #open}. */
    public String seal(String plaintext, String context) {
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        byte[] ciphertext = run(keys().textKey(), Cipher.ENCRYPT_MODE, iv, context,
                plaintext.getBytes(StandardCharsets.UTF_8));
        byte[] stored = ByteBuffer.allocate(iv.length + ciphertext.length).put(iv).put(ciphertext).array();
        return SEALED_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(stored);
    }

    /** The plaintext of {@link #seal}; fails when the value was altered or moved to another context. */
    public String open(String sealed, String context) {
        if (!sealed.startsWith(SEALED_PREFIX)) {
            throw new IllegalStateException("Not a sealed value (" + context + ")");
        }
        byte[] stored = Base64.getUrlDecoder().decode(sealed.substring(SEALED_PREFIX.length()));
        byte[] plaintext = run(keys().textKey(), Cipher.DECRYPT_MODE, Arrays.copyOf(stored, IV_BYTES), context,
                Arrays.copyOfRange(stored, IV_BYTES, stored.length));
        return new String(plaintext, StandardCharsets.UTF_8);
    }

    /** A secret for another component that all replicas must share (base64url of 256 bits), one per {@code label}. */
    public String derivedSecret(String label) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(
                subkey(keys().key(), ("mosaic-auth/derived/" + label).getBytes(StandardCharsets.UTF_8)).getEncoded());
    }

    public byte[] encrypt(byte[] plaintext, String kid) {
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        byte[] ciphertext = run(keys().key(), Cipher.ENCRYPT_MODE, iv, kid, plaintext);
        return ByteBuffer.allocate(iv.length + ciphertext.length).put(iv).put(ciphertext).array();
    }

    public byte[] decrypt(byte[] stored, String kid) {
        return run(keys().key(), Cipher.DECRYPT_MODE, Arrays.copyOf(stored, IV_BYTES), kid,
                Arrays.copyOfRange(stored, IV_BYTES, stored.length));
    }

    private static byte[] run(SecretKey key, int mode, byte[] iv, String context, byte[] input) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(context.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The secret stored for " + context + " does not decrypt: is "
                    + "MOSAIC_AUTH_KEY_ENCRYPTION_SECRET the one it was stored with?", e);
        }
    }

    private static SecretKey subkey(SecretKey master, byte[] label) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(master.getEncoded(), "HmacSHA256"));
            return new SecretKeySpec(mac.doFinal(label), "AES");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot derive the key for secrets at rest", e);
        }
    }

    private static SecretKey derive(String secret) {
        try {
            byte[] derived = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(new PBEKeySpec(secret.toCharArray(), SALT, PBKDF2_ITERATIONS, 256))
                    .getEncoded();
            return new SecretKeySpec(derived, "AES");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot derive the key-encryption key", e);
        }
    }
}
