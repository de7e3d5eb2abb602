package dev.mosaic.shared.auth;

import java.util.Objects;
import java.util.Set;
import java.util.UUID;

/**
 * Whoever calls: a person (signed in through auth-service) or a machine (a client-credentials
 * client such as the coordinator). Both services speak of the caller only through this type.
 *
 * @param id           the token's {@code sub}: a user id or a client id
 * @param kind         person or machine
 * @param email        null for machines
 * @param name         display name
 * @param roles        the token's {@code groups}
 * @param workspaceIds the workspaces the subject belongs to
 */
public record AuthUser(String id, Kind kind, String email, String name, Set<String> roles, Set<UUID> workspaceIds) {

    public enum Kind {
        USER,
        SERVICE
    }

    public AuthUser {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        roles = roles == null ? Set.of() : Set.copyOf(roles);
        workspaceIds = workspaceIds == null ? Set.of() : Set.copyOf(workspaceIds);
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    /** Admins see every workspace; everyone else only their own. */
    public boolean canAccessWorkspace(UUID workspaceId) {
        return hasRole(Roles.ADMIN) || workspaceIds.contains(workspaceId);
    }
}
