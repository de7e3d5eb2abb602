package dev.mosaic.jobs.revocation;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.identity.AuthenticationRequestContext;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.identity.SecurityIdentityAugmentor;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * After smallrye-jwt has verified a token (signature, iss, aud, exp), refuses it when auth-service has
 * revoked it since: an in-memory lookup, no call and no query on the request path.
 */
@Singleton
public class RevocationCheck implements SecurityIdentityAugmentor {
    private final RevokedTokens revoked;

    RevocationCheck(RevokedTokens revoked) {
        this.revoked = revoked;
    }

    @Override
    public Uni<SecurityIdentity> augment(SecurityIdentity identity, AuthenticationRequestContext context) {
        if (identity.isAnonymous() || !(identity.getPrincipal() instanceof JsonWebToken token)) {
            return Uni.createFrom().item(identity);
        }
        if (revoked.isRevoked(token)) {
            return Uni.createFrom().failure(new AuthenticationFailedException(new Revoked()));
        }
        return Uni.createFrom().item(identity);
    }

    /** The cause of the authentication failure of a verified token whose session ended or whose client was deleted. */
    public static final class Revoked extends RuntimeException {
        Revoked() {
            super("the token was revoked", null, false, false);
        }
    }
}
