package dev.mosaic.shared.auth;

import java.time.Instant;
import java.util.Set;

/**
 * {@code GET /api/auth/admin/service-clients}: a machine client as admins see it, never with its secret.
 * {@code configured} marks a client declared by configuration ({@code MOSAIC_AUTH_CLIENTS_<ID>_*}),
 * which only configuration changes.
 */
public record ServiceClientView(String clientId, String name, Set<String> roles, Instant createdAt,
        boolean configured) {
}
