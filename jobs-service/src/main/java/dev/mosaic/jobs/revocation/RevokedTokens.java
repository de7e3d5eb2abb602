package dev.mosaic.jobs.revocation;

import dev.mosaic.shared.auth.TokenClaims;
import dev.mosaic.shared.auth.TokenRevocation;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The revocations this replica knows, in memory: the request path asks here and nowhere else, so a
 * revocation check costs two hash lookups, never a call. Each entry is kept only until no token it can
 * match is unexpired ({@code keepUntil}), so the maps hold at most a token lifetime of revocations.
 */
@Singleton
public class RevokedTokens {
    private record ClientCutoff(Instant revokedAt, Instant keepUntil) {
    }

    private final Map<String, Instant> sessions = new ConcurrentHashMap<>();
    private final Map<String, ClientCutoff> clients = new ConcurrentHashMap<>();

    /** A token minted from an ended session, or one a deleted machine client got before it was deleted. */
    public boolean isRevoked(JsonWebToken token) {
        Object sessionId = token.getClaim(TokenClaims.SESSION_ID);
        if (sessionId != null) {
            return sessions.containsKey(sessionId.toString());
        }
        if (token.getClaim(TokenClaims.EMAIL) != null) {
            return false; // a person's token from before sid existed: it expires within a token lifetime
        }
        ClientCutoff cutoff = clients.get(token.getSubject());
        return cutoff != null && token.getIssuedAtTime() <= cutoff.revokedAt().getEpochSecond();
    }

    void remember(Collection<TokenRevocation> revocations, Instant now) {
        for (TokenRevocation revocation : revocations) {
            if (!revocation.keepUntil().isAfter(now)) {
                continue;
            }
            if (TokenRevocation.SESSION.equals(revocation.kind())) {
                sessions.put(revocation.id(), revocation.keepUntil());
            } else if (TokenRevocation.CLIENT.equals(revocation.kind())) {
                clients.merge(revocation.id(), new ClientCutoff(revocation.revokedAt(), revocation.keepUntil()),
                        (known, later) -> later.revokedAt().isAfter(known.revokedAt()) ? later : known);
            }
        }
    }

    void forgetExpired(Instant now) {
        sessions.values().removeIf(keepUntil -> !keepUntil.isAfter(now));
        clients.values().removeIf(cutoff -> !cutoff.keepUntil().isAfter(now));
    }

    int size() {
        return sessions.size() + clients.size();
    }
}
