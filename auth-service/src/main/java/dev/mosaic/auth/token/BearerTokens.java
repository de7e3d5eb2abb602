package dev.mosaic.auth.token;

import dev.mosaic.shared.auth.AuthUser;
import dev.mosaic.shared.auth.TokenClaims;
import dev.mosaic.shared.http.BearerAuthorization;
import dev.mosaic.shared.problem.ProblemException;
import dev.mosaic.shared.problem.ProblemType;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.List;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;
import org.jose4j.jwt.consumer.JwtConsumer;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.resolvers.JwksVerificationKeyResolver;

/**
 * Checks access tokens presented to auth-service itself (its admin endpoints) against its own
 * published keys, with the same rules any verifier applies: signature, algorithm, iss, aud, exp.
 */
@ApplicationScoped
public class BearerTokens {

    private final TokenConfig config;
    private final SigningKeys keys;

    BearerTokens(TokenConfig config, SigningKeys keys) {
        this.config = config;
        this.keys = keys;
    }

    /** The caller behind the {@code Authorization: Bearer} access token, who must hold {@code role}. */
    public Uni<AuthUser> requireRole(String authorization, String role) {
        String token = BearerAuthorization.tokenOf(authorization);
        if (token == null) {
            return Uni.createFrom().failure(BearerAuthorization.unauthorized(
                    "Send an access token with the admin role as 'Authorization: Bearer <token>'."));
        }
        return keys.published().map(published -> {
            AuthUser caller = verify(token, published.stream().map(PublicJwk::toJwk).map(JsonWebKey.class::cast).toList());
            if (!caller.hasRole(role)) {
                throw new ProblemException(ProblemType.FORBIDDEN,
                        "This needs the '" + role + "' role, which the access token does not carry.");
            }
            return caller;
        });
    }

    private AuthUser verify(String token, List<JsonWebKey> publishedKeys) {
        JwtConsumer consumer = new JwtConsumerBuilder()
                .setRequireExpirationTime()
                .setRequireSubject()
                .setAllowedClockSkewInSeconds(30)
                .setExpectedIssuer(config.issuer())
                .setExpectedAudience(config.audience())
                .setVerificationKeyResolver(new JwksVerificationKeyResolver(publishedKeys))
                .setJwsAlgorithmConstraints(AlgorithmConstraints.ConstraintType.PERMIT,
                        Arrays.stream(SigningAlgorithm.values()).map(SigningAlgorithm::jwsName)
                                .toArray(String[]::new))
                .build();
        try {
            return toAuthUser(consumer.processToClaims(token));
        } catch (InvalidJwtException | MalformedClaimException | IllegalArgumentException e) {
            throw BearerAuthorization.unauthorized("The access token is not valid here (expired, not signed by this issuer, or "
                    + "for another audience). Get a fresh one from /api/auth/token or /api/auth/oauth2/token.");
        }
    }

    private static AuthUser toAuthUser(JwtClaims claims) throws MalformedClaimException {
        return TokenClaims.toAuthUser(claims.getSubject(), claims.getStringClaimValue(TokenClaims.EMAIL),
                claims.getStringClaimValue(TokenClaims.NAME), stringList(claims, TokenClaims.GROUPS),
                stringList(claims, TokenClaims.WORKSPACES));
    }

    private static List<String> stringList(JwtClaims claims, String name) throws MalformedClaimException {
        return claims.hasClaim(name) ? claims.getStringListClaimValue(name) : List.of();
    }
}
