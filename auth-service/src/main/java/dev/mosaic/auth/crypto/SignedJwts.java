package dev.mosaic.auth.crypto;

import java.util.List;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;

/** The checks a JWT verifier of auth-service starts from (its own access tokens; providers' ID tokens are quarkus-oidc's). */
public final class SignedJwts {
    private SignedJwts() {
    }

    /**
     * Signed by one of {@code keys} with one of {@code algorithms} (never {@code none}), from {@code issuer}, for
     * {@code audience}, with a subject and an expiry, allowing {@code clockSkewSeconds}. Callers add their own rules.
     */
    public static JwtConsumerBuilder verifier(String issuer, String audience, int clockSkewSeconds,
            AlgorithmConstraints algorithms, List<JsonWebKey> keys) {
        return new JwtConsumerBuilder()
                .setRequireExpirationTime()
                .setRequireSubject()
                .setAllowedClockSkewInSeconds(clockSkewSeconds)
                .setExpectedIssuer(issuer)
                .setExpectedAudience(audience)
                .setJwsAlgorithmConstraints(algorithms)
                .setVerificationKeyResolver(new JwksVerificationKeyResolver(keys));
    }
}
