package dev.mosaic.auth.oidc;

import java.net.URI;
import java.util.Optional;

/**
 * Ends a sign-in with {@link #error()}: on the SPA's error page, or for a link of a signed-in person's account on the
 * page that asked for it ({@link #returnTo()}). The message is for the log only.
 */
public class SignInFailedException extends RuntimeException {
    private final SignInError error;
    private final URI returnTo;

    public SignInFailedException(SignInError error, String logMessage) {
        this(error, logMessage, null);
    }

    public SignInFailedException(SignInError error, String logMessage, Throwable cause) {
        this(error, logMessage, cause, null);
    }

    private SignInFailedException(SignInError error, String logMessage, Throwable cause, URI returnTo) {
        super(logMessage, cause, false, false);
        this.error = error;
        this.returnTo = returnTo;
    }

    public SignInError error() {
        return error;
    }

    /** The page the browser goes back to with {@code ?error=}; empty: the SPA's error page. */
    public Optional<URI> returnTo() {
        return Optional.ofNullable(returnTo);
    }

    /** The same failure, reported on {@code page} instead of the SPA's error page. */
    public SignInFailedException returningTo(URI page) {
        return new SignInFailedException(error, getMessage(), getCause(), page);
    }
}
