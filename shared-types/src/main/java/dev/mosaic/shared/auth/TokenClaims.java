package dev.mosaic.shared.auth;

import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * The Mosaic claims of an access token, besides the registered ones ({@code iss}, {@code sub},
 * {@code aud}, {@code exp}, {@code iat}, {@code jti}), and how a verified token becomes the
 * {@link AuthUser} both services speak of.
 */
public final class TokenClaims {
    /** People only: a token without it is a machine's. */
    public static final String EMAIL = "email";
    public static final String NAME = "name";
    /** The roles ({@link Roles}). */
    public static final String GROUPS = "groups";
    /** The ids of the subject's workspaces, as strings. */
    public static final String WORKSPACES = "workspaces";
    /**
     * People only: the id of the session the token was minted from. When that session ends, the
     * revocation feed names it and jobs-service refuses the token before its {@code exp}.
     */
    public static final String SESSION_ID = "sid";

    public static final List<String> ALL = List.of(EMAIL, NAME, GROUPS, WORKSPACES, SESSION_ID);

    private TokenClaims() {
    }

    /** The caller of an already verified token. */
    public static AuthUser toAuthUser(String subject, String email, String name, Collection<String> groups,
            Collection<String> workspaceIds) {
        Set<UUID> workspaces = workspaceIds == null ? Set.of()
                : workspaceIds.stream().map(UUID::fromString).collect(Collectors.toSet());
        return new AuthUser(subject, email == null ? AuthUser.Kind.SERVICE : AuthUser.Kind.USER, email, name,
                groups == null ? Set.of() : Set.copyOf(groups), workspaces);
    }
}
