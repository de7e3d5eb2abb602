package dev.mosaic.shared.auth;

/** {@code GET /api/auth/get-session}: who is signed in, and with which session. */
public record CurrentSession(AuthUser user, boolean emailVerified, SessionView session) {
}
