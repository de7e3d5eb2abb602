package dev.mosaic.auth.token;

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

    AccessTokens(TokenConfig config, SigningKeys keys) {
        this.config = config;
        this.keys = keys;
    }

    public Uni<AccessTokenResponse> mint(AuthUser subject) {
        return mint(subject, Instant.now());
    }

    /** With an explicit issue time, so that tests can hold an expired but well-signed token. */
    public Uni<AccessTokenResponse> mint(AuthUser subject, Instant issuedAt) {
        return keys.signingKey().map(key -> {
            Instant expiresAt = issuedAt.plus(config.lifetime());
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
            String jwt = claims.jws().keyId(key.kid()).algorithm(key.algorithm().jws()).sign(key.privateKey());
            return AccessTokenResponse.bearer(jwt, config.lifetime().toSeconds());
        });
    }
}
