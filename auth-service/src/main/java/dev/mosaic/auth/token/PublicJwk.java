package dev.mosaic.auth.token;

import java.util.Map;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.lang.JoseException;

/** The public half of a signing key as an RFC 7517 JSON Web Key. */
final class PublicJwk {
    private PublicJwk() {
    }

    static Map<String, Object> of(SigningKey key) {
        return toJwk(key).toParams(JsonWebKey.OutputControlLevel.PUBLIC_ONLY);
    }

    static PublicJsonWebKey toJwk(SigningKey key) {
        try {
            PublicJsonWebKey jwk = PublicJsonWebKey.Factory.newPublicJwk(key.decodePublicKey());
            jwk.setKeyId(key.id);
            jwk.setAlgorithm(key.algorithm);
            jwk.setUse("sig");
            return jwk;
        } catch (JoseException e) {
            throw new IllegalStateException("Signing key " + key.id + " cannot be written as a JWK", e);
        }
    }
}
