package dev.mosaic.shared.auth;

/** The roles carried in the {@code groups} claim of Mosaic access tokens. */
public final class Roles {
    public static final String USER = "user";
    public static final String ADMIN = "admin";
    public static final String COORDINATOR = "coordinator";

    private Roles() {
    }
}
