package dev.mosaic.jobs.caller;

import dev.mosaic.shared.auth.AuthUser;
import dev.mosaic.shared.auth.TokenClaims;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Singleton;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import java.util.List;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who is calling, read from the verified access token. The one seam between HTTP and the rules:
 * resources ask it for the {@link AuthUser} and pass that on; the services never read identity
 * from anywhere else, and never from a request body.
 * <p>
 * The token's claims are read once per token, when {@link BearerTokenIdentityProvider} verifies it, and the
 * caller is kept with it in {@link VerifiedTokens}: a coordinator sends one token for its whole lifetime, and
 * reading claims through smallrye-jwt's principal on every request cost 6 % of a progress update's CPU.
 */
@Singleton
public class CallerResolver {
    /** The identity attribute that holds the caller named by the request's verified token. */
    static final String CALLER_ATTRIBUTE = AuthUser.class.getName();

    private final SecurityIdentity identity;

    public CallerResolver(SecurityIdentity identity) {
        this.identity = identity;
    }

    public AuthUser current() {
        AuthUser caller = identity.getAttribute(CALLER_ATTRIBUTE);
        if (caller == null) { // every endpoint needs a role, so a request without a verified token never gets here
            throw new IllegalStateException("No verified token names the caller of this request");
        }
        return caller;
    }

    /** The caller that a verified token names. */
    static AuthUser callerOf(JsonWebToken token) {
        return TokenClaims.toAuthUser(token.getSubject(), token.getClaim(TokenClaims.EMAIL),
                token.getClaim(TokenClaims.NAME), token.getGroups(), workspaceIds(token));
    }

    private static List<String> workspaceIds(JsonWebToken token) {
        Object claim = token.getClaim(TokenClaims.WORKSPACES);
        if (claim instanceof JsonArray array) {
            return array.getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
        }
        if (claim instanceof Iterable<?> values) {
            List<String> ids = new java.util.ArrayList<>();
            values.forEach(value -> ids.add(String.valueOf(value)));
            return ids;
        }
        return List.of();
    }
}
