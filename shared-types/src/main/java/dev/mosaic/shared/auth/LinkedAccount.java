package dev.mosaic.shared.auth;

import java.time.Instant;
import java.util.UUID;

/**
 * One way the caller signs in ({@code GET /api/auth/list-accounts}): {@code providerId} {@code credential} is the
 * password (its {@code accountId} the user's id), any other an SSO provider, {@code accountId} the provider's
 * {@code sub}.
 */
public record LinkedAccount(UUID id, String providerId, String accountId, Instant createdAt) {
}
