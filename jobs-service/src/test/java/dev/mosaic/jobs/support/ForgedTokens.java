package dev.mosaic.jobs.support;

import java.security.Key;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.List;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.NumericDate;
import org.jose4j.keys.HmacKey;
import org.jose4j.lang.JoseException;

/**
 * Tokens an attacker could make: every claim jobs-service checks is right (issuer, audience, an exp
 * ahead, roles, a workspace), only the signature is not auth-service's.
 */
public final class ForgedTokens {
    private ForgedTokens() {
    }

    /** Signed RS256 by a fresh RSA key auth-service never had, naming {@code kid}. */
    public static String signedByAStranger(String kid, String subject, String workspace) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return sign(generator.generateKeyPair().getPrivate(), AlgorithmIdentifiers.RSA_USING_SHA256, kid,
                    subject, workspace);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** HS256 with {@code secret} as the HMAC key: with a public key's bytes, the RS/HS confusion attack. */
    public static String hmacWith(byte[] secret, String kid, String subject, String workspace) {
        return sign(new HmacKey(secret), AlgorithmIdentifiers.HMAC_SHA256, kid, subject, workspace);
    }

    private static String sign(Key key, String algorithm, String kid, String subject, String workspace) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(JobsApi.authUrl());
        claims.setAudience("mosaic");
        claims.setSubject(subject);
        claims.setExpirationTime(NumericDate.fromSeconds(Instant.now().plusSeconds(600).getEpochSecond()));
        claims.setIssuedAtToNow();
        claims.setStringListClaim("groups", List.of("user", "admin", "coordinator"));
        claims.setStringListClaim("workspaces", List.of(workspace));
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key);
        jws.setKeyIdHeaderValue(kid);
        jws.setAlgorithmHeaderValue(algorithm);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }
}
