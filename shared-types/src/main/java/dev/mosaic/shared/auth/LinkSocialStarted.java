package dev.mosaic.shared.auth;

/**
 * The answer to {@code POST /api/auth/link-social}: navigate the browser (a page load, not a fetch) to {@code url},
 * on auth-service, which sends it on to the provider; {@code redirect} is always true (BetterAuth's shape).
 */
public record LinkSocialStarted(String url, boolean redirect) {
}
