package dev.mosaic.auth.oidc;

/**
 * Why a sign-in through an external provider, or a link of one to an account, failed: the {@code error} query
 * parameter of the SPA's error page (of the linking page, for a link). Stable codes, for the SPA to switch on;
 * details go to the log, never to the browser.
 */
public enum SignInError {
    /** The person, or the provider on their behalf, declined (OAuth {@code access_denied}). */
    ACCESS_DENIED("access_denied"),
    /** The provider answered with another error, or refused to trade the code for tokens. */
    PROVIDER_ERROR("provider_error"),
    /** The provider could not be reached, or its discovery document or keys are unusable. */
    PROVIDER_UNREACHABLE("provider_unreachable"),
    /** No sign-in of this browser is waiting for this {@code state}: forged, replayed, expired or from another browser. */
    INVALID_STATE("invalid_state"),
    /** The ID token failed verification: signature, issuer, audience, expiry or nonce. */
    INVALID_ID_TOKEN("invalid_id_token"),
    /** The provider did not tell us an email address (ask for the {@code email} scope). */
    EMAIL_MISSING("email_missing"),
    /**
     * A first sign-in whose email the provider does not vouch for ({@code email_verified} not true): it
     * neither creates a user nor links to one, whether or not the address has an account here, since
     * some providers let anyone claim any address. Verify it at the provider, or sign up with a password.
     */
    EMAIL_NOT_VERIFIED("email_not_verified"),
    /**
     * The provider vouches for the email, but the Mosaic user who has it never verified it: sign in with
     * the password, verify the address, and sign in through the provider again.
     */
    ACCOUNT_NOT_LINKED("account_not_linked"),
    /**
     * Linking ({@code link-social}): this identity at the provider is already linked to another Mosaic account. Unlink
     * it there first (or delete that account), then link it here.
     */
    ACCOUNT_ALREADY_LINKED("account_already_linked"),
    /** Linking: the session that asked for the link ended (signed out, revoked, expired) before the provider answered. */
    SESSION_ENDED("session_ended"),
    /** The callback names a provider that is not configured. */
    UNKNOWN_PROVIDER("unknown_provider"),
    /** Anything else; the log has the details under the same reference. */
    SERVER_ERROR("server_error");

    private final String code;

    SignInError(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }
}
