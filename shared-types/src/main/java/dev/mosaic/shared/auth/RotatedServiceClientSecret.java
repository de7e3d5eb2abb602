package dev.mosaic.shared.auth;

import java.time.Instant;

/**
 * {@code POST /api/auth/admin/service-clients/{clientId}/rotate-secret}: the new secret, shown this once;
 * the previous one keeps working until {@code previousSecretExpiresAt}, so running clients can switch.
 */
public record RotatedServiceClientSecret(String clientId, String clientSecret, Instant previousSecretExpiresAt) {
}
