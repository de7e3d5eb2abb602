package dev.mosaic.auth.token;

import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts private signing keys at rest with AES-256-GCM. The AES key is derived once from the
 * configured secret (PBKDF2, since operators may choose a weak one); the key id is the associated
 * data, so a ciphertext copied onto another row does not decrypt.
 */
@Singleton
public class KeyEncryption {
    static final int MIN_SECRET_LENGTH = 16;
    private static final byte[] SALT = "mosaic-auth/jwks/v1".getBytes(StandardCharsets.UTF_8);
    private static final int PBKDF2_ITERATIONS = 210_000;
    private static final int IV_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKey key;

    KeyEncryption(TokenConfig config) {
        String secret = config.keyEncryptionSecret();
        if (secret.length() < MIN_SECRET_LENGTH) {
            throw new IllegalStateException("MOSAIC_AUTH_KEY_ENCRYPTION_SECRET must be at least "
                    + MIN_SECRET_LENGTH + " characters long");
        }
        this.key = derive(secret);
    }

    byte[] encrypt(byte[] plaintext, String kid) {
        byte[] iv = new byte[IV_BYTES];
        RANDOM.nextBytes(iv);
        byte[] ciphertext = run(Cipher.ENCRYPT_MODE, iv, kid, plaintext);
        return ByteBuffer.allocate(iv.length + ciphertext.length).put(iv).put(ciphertext).array();
    }

    byte[] decrypt(byte[] stored, String kid) {
        return run(Cipher.DECRYPT_MODE, Arrays.copyOf(stored, IV_BYTES), kid,
                Arrays.copyOfRange(stored, IV_BYTES, stored.length));
    }

    private byte[] run(int mode, byte[] iv, String kid, byte[] input) {
        try {
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, iv));
            cipher.updateAAD(kid.getBytes(StandardCharsets.UTF_8));
            return cipher.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Signing key " + kid + " does not decrypt: is "
                    + "MOSAIC_AUTH_KEY_ENCRYPTION_SECRET the one it was stored with?", e);
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
