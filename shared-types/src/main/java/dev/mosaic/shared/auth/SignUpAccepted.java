package dev.mosaic.shared.auth;

/**
 * The one answer to {@code POST /api/auth/sign-up/email} (202) for every valid request: a new address, a
 * taken one and one over the mail limit look alike, so the answer never tells who has an account. What
 * happens next is in the mail.
 */
public record SignUpAccepted(String message) {
    public static final SignUpAccepted CHECK_YOUR_MAIL = new SignUpAccepted(
            "Check your mail: we sent a message to this address. Open its link to finish signing up.");
}
