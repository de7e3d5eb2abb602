package dev.mosaic.jobs.caller;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.IdentityProvider;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.request.TokenAuthenticationRequest;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.HttpSecurityUtils;
import io.smallrye.jwt.auth.principal.DefaultJWTTokenParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import org.eclipse.microprofile.jwt.Claims;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.MalformedClaimException;
import org.jose4j.lang.JoseException;
import org.jose4j.json.JsonUtil;

/**
 * Verifies the bearer token of a request on the thread that serves it (the event loop): smallrye-jwt's
 * rules ({@code DefaultJWTTokenParser}: signature by the key its {@code kid} names, the one algorithm,
 * {@code iss}, {@code aud}, {@code exp} with the clock skew, a subject) against the keys held in memory by
 * {@link TokenKeys}, remembered by {@link VerifiedTokens} until the token expires. It stands in for
 * smallrye-jwt's own provider (excluded in application.properties), which verifies on a worker thread
 * whenever the JWKS is read over HTTP, because its reads block. Only a token naming a kid we do not hold
 * waits, for one non-blocking read of the JWKS. {@code RevocationCheck} runs after this, on every request.
 */
@Singleton
public class BearerTokenIdentityProvider implements IdentityProvider<TokenAuthenticationRequest> {
    private final TokenKeys keys;
    private final VerifiedTokens verifiedTokens;
    private final DefaultJWTTokenParser parser = new DefaultJWTTokenParser();

    BearerTokenIdentityProvider(TokenKeys keys, VerifiedTokens verifiedTokens) {
        this.keys = keys;
        this.verifiedTokens = verifiedTokens;
    }

    @Override
    public Class<TokenAuthenticationRequest> getRequestType() {
        return TokenAuthenticationRequest.class;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(TokenAuthenticationRequest request, AuthenticationRequestContext context) {
        String token = request.getToken().getToken();
        ByteBuffer cacheKey = VerifiedTokens.keyOf(token);
        TokenKeys.KeySet held = keys.current();
        VerifiedTokens.Verified known = verifiedTokens.find(cacheKey, Instant.now(), held);
        if (known != null) {
            return Uni.createFrom().item(identity(known, request));
        }
        try {
            String kid = kidOf(token);
            if (held.rulesFor(kid) != null) {
                return Uni.createFrom().item(identity(verify(token, cacheKey, kid, held), request));
            }
            Context caller = Vertx.currentContext();
            Uni<TokenKeys.KeySet> reread = keys.afterUnknownKid();
            if (caller != null) {
                reread = reread.emitOn(task -> caller.runOnContext(ignored -> task.run()));
            }
            return reread.map(fresh -> identity(verify(token, cacheKey, kid, fresh), request));
        } catch (AuthenticationFailedException e) {
            return Uni.createFrom().failure(e);
        }
    }

    private VerifiedTokens.Verified verify(String token, ByteBuffer cacheKey, String kid, TokenKeys.KeySet keySet) {
        JWTAuthContextInfo rules = keySet.rulesFor(kid);
        if (rules == null) {
            throw new AuthenticationFailedException("the token names a key auth-service does not publish");
        }
        try {
            JwtClaims claims = parser.parse(token, rules).getJwtClaims();
            claims.unsetClaim(Claims.raw_token.name()); // the cache keeps claims, never the token
            TokenPrincipal principal = new TokenPrincipal(claims);
            Instant usableUntil = Instant.ofEpochSecond(claims.getExpirationTime().getValue())
                    .plusSeconds(rules.getClockSkew());
            VerifiedTokens.Verified verified = new VerifiedTokens.Verified(principal, CallerResolver.callerOf(principal),
                    usableUntil, keySet);
            verifiedTokens.remember(cacheKey, verified);
            return verified;
        } catch (ParseException | MalformedClaimException | IllegalArgumentException e) {
            throw new AuthenticationFailedException(e); // IllegalArgumentException: a workspace id that is no UUID
        }
    }

    /** The {@code kid} of the token's JOSE header; a token without one is refused (auth-service always names its key). */
    private static String kidOf(String token) {
        int headerEnd = token.indexOf('.');
        try {
            String header = new String(Base64.getUrlDecoder().decode(token.substring(0, Math.max(headerEnd, 0))),
                    StandardCharsets.UTF_8);
            if (headerEnd > 0 && JsonUtil.parseJson(header).get("kid") instanceof String kid) {
                return kid;
            }
        } catch (JoseException | IllegalArgumentException e) {
            throw new AuthenticationFailedException(e);
        }
        throw new AuthenticationFailedException("the token names no key");
    }

    private static SecurityIdentity identity(VerifiedTokens.Verified verified, TokenAuthenticationRequest request) {
        QuarkusSecurityIdentity.Builder identity = QuarkusSecurityIdentity.builder()
                .setPrincipal(verified.principal())
                .addCredential(request.getToken())
                .addRoles(verified.caller().roles())
                .addAttribute(SecurityIdentity.USER_ATTRIBUTE, verified.principal())
                .addAttribute(CallerResolver.CALLER_ATTRIBUTE, verified.caller());
        RoutingContext routingContext = HttpSecurityUtils.getRoutingContextAttribute(request);
        if (routingContext != null) {
            identity.addAttribute(RoutingContext.class.getName(), routingContext);
        }
        return identity.build();
    }
}
