package dev.mosaic.auth.verification;

/** What a one-time token is good for; a token of one purpose never works for another. */
public enum VerificationPurpose {
    EMAIL_VERIFICATION,
    PASSWORD_RESET,
    /** A signed-in person's new address, mailed to it; the address switches when the link is opened. */
    EMAIL_CHANGE,
    /** The {@code state} of a running sign-in through an external OpenID Connect provider. */
    OIDC_STATE
}
