package dev.mosaic.auth.token;

import dev.mosaic.auth.crypto.CpuWork;
import dev.mosaic.shared.auth.AccessTokenResponse;
import dev.mosaic.shared.auth.AuthUser;
import dev.mosaic.shared.auth.TokenClaims;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;

/** Mints access JWTs for people and machines with the claims of the token contract. */
@ApplicationScoped
public class AccessTokens {
    private final TokenConfig config;
    private final SigningKeys keys;
    private final CpuWork cpu;

    AccessTokens(TokenConfig config, SigningKeys keys, CpuWork cpu) {
        this.config = config;
        this.keys = keys;
        this.cpu = cpu;
    }

    /** A machine client's token. */
    public Uni<AccessTokenResponse> mint(AuthUser subject) {
        return mint(subject, Instant.now());
    }

    /** With an explicit issue time, so that tests can hold an expired but well-signed token. */
    public Uni<AccessTokenResponse> mint(AuthUser subject, Instant issuedAt) {
        return mint(subject, issuedAt, null, issuedAt.plus(config.lifetime()));
    }

    /**
     * A person's token, minted from their session: it names the session ({@code sid}), so that ending the
     * session revokes it, and it expires no later than the session.
     */
    public Uni<AccessTokenResponse> mintForSession(AuthUser person, UUID sessionId, Instant sessionExpiresAt) {
        Instant issuedAt = Instant.now();
        Instant expiresAt = issuedAt.plus(config.lifetime());
        return mint(person, issuedAt, sessionId, sessionExpiresAt.isBefore(expiresAt) ? sessionExpiresAt : expiresAt);
    }

    private Uni<AccessTokenResponse> mint(AuthUser subject, Instant issuedAt, UUID sessionId, Instant expiresAt) {
        return keys.signingKey().chain(key -> {
            JwtClaimsBuilder claims = Jwt.claims()
                    .issuer(config.issuer())
                    .subject(subject.id())
                    .audience(config.audience())
                    .issuedAt(issuedAt)
                    .expiresAt(expiresAt)
                    .claim("jti", UUID.randomUUID().toString())
                    .claim(TokenClaims.NAME, subject.name())
                    .groups(subject.roles())
                    .claim(TokenClaims.WORKSPACES, subject.workspaceIds().stream().map(UUID::toString).sorted().toList());
            if (subject.email() != null) {
                claims.claim(TokenClaims.EMAIL, subject.email());
            }
            if (sessionId != null) {
                claims.claim(TokenClaims.SESSION_ID, sessionId.toString());
            }
            return cpu.signing(() -> claims.jws().keyId(key.kid()).algorithm(key.algorithm().jws()).sign(key.privateKey()))
                    .map(jwt -> AccessTokenResponse.bearer(jwt,
                            Math.max(0, expiresAt.getEpochSecond() - issuedAt.getEpochSecond())));
        });
    }
}
