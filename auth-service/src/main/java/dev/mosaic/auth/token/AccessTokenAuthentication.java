package dev.mosaic.auth.token;

import dev.mosaic.auth.crypto.SignedJwts;
import dev.mosaic.shared.auth.TokenClaims;
import dev.mosaic.shared.http.BearerAuthorization;
import dev.mosaic.shared.problem.ProblemException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.AuthenticationRequest;
import io.quarkus.security.identity.request.BaseAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.quarkus.vertx.http.runtime.security.HttpCredentialTransport;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jose4j.jwa.AlgorithmConstraints;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.jwt.consumer.InvalidJwtException;

/**
 * Access tokens presented to auth-service itself ({@code Authorization: Bearer}, its admin endpoints), checked
 * against its own published keys with the rules any verifier applies: signature, algorithm, iss, aud, exp, sub, iat,
 * and not revoked. Endpoints choose it with {@code @HttpAuthenticationMechanism(AccessTokenAuthentication.SCHEME)};
 * the identity's principal is the token's {@code sub}, its roles those the subject holds now. A session token or
 * cookie is never accepted here. A refusal carries its problem (401 with {@code WWW-Authenticate: Bearer}).
 */
@ApplicationScoped
public class AccessTokenAuthentication implements HttpAuthenticationMechanism,
        IdentityProvider<AccessTokenAuthentication.AccessTokenRequest> {
    public static final String SCHEME = "mosaic-access-token";
    private static final int CLOCK_SKEW_SECONDS = 30;
    private static final AlgorithmConstraints OWN_ALGORITHMS = new AlgorithmConstraints(
            AlgorithmConstraints.ConstraintType.PERMIT,
            Arrays.stream(SigningAlgorithm.values()).map(SigningAlgorithm::jwsName).toArray(String[]::new));

    private final TokenConfig config;
    private final SigningKeys keys;
    private final TokenRevocations revocations;

    AccessTokenAuthentication(TokenConfig config, SigningKeys keys, TokenRevocations revocations) {
        this.config = config;
        this.keys = keys;
        this.revocations = revocations;
    }

    /** An access JWT to verify. */
    public static final class AccessTokenRequest extends BaseAuthenticationRequest {
        private final String token;

        AccessTokenRequest(String token) {
            this.token = token;
        }
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identities) {
        String token = BearerAuthorization.tokenOf(context.request().getHeader(HttpHeaders.AUTHORIZATION));
        if (token == null) {
            return refused(BearerAuthorization.unauthorized(
                    "Send an access token with the admin role as 'Authorization: Bearer <token>'."));
        }
        return identities.authenticate(HttpSecurityUtils.setRoutingContextAttribute(new AccessTokenRequest(token), context));
    }

    @Override
    public Class<AccessTokenRequest> getRequestType() {
        return AccessTokenRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(AccessTokenRequest request, AuthenticationRequestContext context) {
        return keys.published().chain(published -> {
            try {
                return identityOf(verify(request.token, published.stream().map(PublicJwk::toJwk)
                        .map(JsonWebKey.class::cast).toList()));
            } catch (InvalidJwtException | MalformedClaimException | IllegalArgumentException e) {
                return refused(BearerAuthorization.unauthorized("The access token is not valid here (expired, not "
                        + "signed by this issuer, or for another audience). Get a fresh one from /api/auth/token or "
                        + "/api/auth/oauth2/token."));
            }
        });
    }

    private JwtClaims verify(String token, List<JsonWebKey> publishedKeys) throws InvalidJwtException {
        return SignedJwts.verifier(config.issuer(), config.audience(), CLOCK_SKEW_SECONDS, OWN_ALGORITHMS, publishedKeys)
                .setRequireIssuedAt().build().processToClaims(token);
    }

    /**
     * The subject with the roles it holds now, read from the database rather than trusted from {@code groups}, so
     * that an admin who lost the role loses it here at once, not when the token expires. Refused when the token is
     * revoked by the rules every verifier applies ({@link TokenRevocations}) or its subject is gone. A person's token
     * without {@code sid} (minted before V6) cannot be matched against ended sessions, so it is refused too.
     */
    private Uni<SecurityIdentity> identityOf(JwtClaims claims) throws MalformedClaimException {
        String subject = claims.getSubject();
        String sessionId = claims.getStringClaimValue(TokenClaims.SESSION_ID);
        Uni<Set<String>> currentRoles;
        if (!claims.hasClaim(TokenClaims.EMAIL)) {
            currentRoles = revocations.rolesOfClientUnlessRevoked(subject, claims.getIssuedAt().getValue());
        } else if (sessionId == null) {
            currentRoles = Uni.createFrom().nullItem();
        } else {
            currentRoles = revocations.rolesOfPersonUnlessRevoked(UUID.fromString(subject), sessionId);
        }
        return currentRoles.chain(roles -> roles == null
                ? refused(BearerAuthorization.unauthorized("The access token has been revoked: its session ended, or "
                        + "its holder was deleted. Sign in again, or get a fresh one from /api/auth/oauth2/token."))
                : Uni.createFrom().<SecurityIdentity>item(QuarkusSecurityIdentity.builder().setPrincipal(() -> subject).addRoles(roles)
                        .build()));
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "Bearer"));
    }

    @Override
    public Set<Class<? extends AuthenticationRequest>> getCredentialTypes() {
        return Set.of(AccessTokenRequest.class);
    }

    @Override
    public Uni<HttpCredentialTransport> getCredentialTransport(RoutingContext context) {
        return Uni.createFrom().item(new HttpCredentialTransport(HttpCredentialTransport.Type.AUTHORIZATION, "bearer", SCHEME));
    }

    private static Uni<SecurityIdentity> refused(ProblemException problem) {
        return Uni.createFrom().failure(new AuthenticationFailedException(problem));
    }
}
