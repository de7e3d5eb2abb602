package dev.mosaic.shared.auth;

/**
 * The answer to sign-up and sign-in. {@code token} is the opaque session token (also set as an
 * HttpOnly cookie) for clients without cookies; {@code accessToken} is a first access JWT.
 */
public record SignedIn(String token, AuthUser user, SessionView session, AccessTokenResponse accessToken) {
}
