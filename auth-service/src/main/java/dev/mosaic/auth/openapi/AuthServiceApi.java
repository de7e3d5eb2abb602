package dev.mosaic.auth.openapi;

/** The names that the package's {@code @OpenAPIDefinition} declares and the resources refer to. */
public final class AuthServiceApi {
    public static final String SIGN_UP = "Sign-up";
    public static final String SESSIONS = "Sessions";
    public static final String PASSWORDS = "Passwords";
    public static final String ACCOUNT = "Account";
    public static final String WORKSPACES = "Workspaces";
    public static final String SINGLE_SIGN_ON = "Single sign-on";
    public static final String TOKENS = "Tokens and keys";
    public static final String ADMIN = "Admin";

    public static final String SESSION_COOKIE = "sessionCookie";
    public static final String SESSION_TOKEN = "sessionToken";
    public static final String ACCESS_TOKEN = "accessToken";
    public static final String CLIENT_CREDENTIALS = "clientCredentials";

    private AuthServiceApi() {
    }
}
