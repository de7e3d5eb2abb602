package dev.mosaic.auth.client;

/** A refused token request, answered by {@link ClientCredentialsResource} in OAuth's own format. */
class OAuthErrorException extends RuntimeException {
    private final int status;
    private final OAuthError error;
    private final boolean basicChallenge;

    OAuthErrorException(int status, String error, String description, boolean basicChallenge) {
        super(description, null, false, false);
        this.status = status;
        this.error = new OAuthError(error, description);
        this.basicChallenge = basicChallenge;
    }

    int status() {
        return status;
    }

    OAuthError error() {
        return error;
    }

    boolean basicChallenge() {
        return basicChallenge;
    }
}
