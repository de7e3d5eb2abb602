package dev.mosaic.shared.auth;

/** The password length policy, shared so that a client can check before it asks. */
public final class PasswordLimits {
    public static final int MIN_LENGTH = 8;
    /** Long enough for any passphrase, short enough that hashing it is not a denial of service. */
    public static final int MAX_LENGTH = 128;
    public static final String MESSAGE = "must be between " + MIN_LENGTH + " and " + MAX_LENGTH + " characters long";

    private PasswordLimits() {
    }
}
