package dev.mosaic.auth.verification;

/** What a mailed token is good for; a token of one purpose never works for another. */
public enum VerificationPurpose {
    EMAIL_VERIFICATION,
    PASSWORD_RESET
}
