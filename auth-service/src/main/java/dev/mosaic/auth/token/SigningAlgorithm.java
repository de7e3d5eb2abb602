package dev.mosaic.auth.token;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;

/** The signature algorithms a signing key can have, and how to make and read such keys. */
public enum SigningAlgorithm {
    RS256("RSA", SignatureAlgorithm.RS256),
    EDDSA("Ed25519", SignatureAlgorithm.EDDSA);

    private static final int RSA_BITS = 2048;

    private final String keyType;
    private final SignatureAlgorithm jws;

    SigningAlgorithm(String keyType, SignatureAlgorithm jws) {
        this.keyType = keyType;
        this.jws = jws;
    }

    /** The JOSE name: {@code RS256}, {@code EdDSA}. */
    public String jwsName() {
        return jws.getAlgorithm();
    }

    SignatureAlgorithm jws() {
        return jws;
    }

    static SigningAlgorithm fromJwsName(String name) {
        return Arrays.stream(values()).filter(algorithm -> algorithm.jwsName().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalStateException("Unknown signing algorithm " + name));
    }

    KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(keyType);
            if (this == RS256) {
                generator.initialize(RSA_BITS);
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Cannot generate a " + keyType + " key", e);
        }
    }

    PublicKey publicKey(byte[] x509) {
        try {
            return KeyFactory.getInstance(keyType).generatePublic(new X509EncodedKeySpec(x509));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Stored public key is not a " + keyType + " key", e);
        }
    }

    PrivateKey privateKey(byte[] pkcs8) {
        try {
            return KeyFactory.getInstance(keyType).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Stored private key is not a " + keyType + " key", e);
        }
    }
}
