package dev.mosaic.shared.auth;

/**
 * An external OpenID Connect provider that people may sign in with, for the SPA's sign-in page:
 * send the browser to {@code signInPath} (on auth-service) with {@code ?callbackURL=}.
 */
public record SignInProvider(String id, String name, String signInPath) {
}
