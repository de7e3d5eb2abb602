package dev.mosaic.auth.oidc;

/** Ends a sign-in on the SPA's error page with {@link #error()}; the message is for the log only. */
public class SignInFailedException extends RuntimeException {
    private final SignInError error;

    public SignInFailedException(SignInError error, String logMessage) {
        this(error, logMessage, null);
    }

    public SignInFailedException(SignInError error, String logMessage, Throwable cause) {
        super(logMessage, cause, false, false);
        this.error = error;
    }

    public SignInError error() {
        return error;
    }
}
