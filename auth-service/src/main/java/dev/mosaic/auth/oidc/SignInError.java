package dev.mosaic.auth.oidc;

/**
 * Why a sign-in through an external provider failed: the {@code error} query parameter of the SPA's
 * error page. Stable codes, for the SPA to switch on; details go to the log, never to the browser.
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
     * The email belongs to a Mosaic user, but the provider does not vouch for it ({@code email_verified}
     * not true) or the Mosaic user never verified it: sign in with the password and link from there.
     */
    ACCOUNT_NOT_LINKED("account_not_linked"),
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
