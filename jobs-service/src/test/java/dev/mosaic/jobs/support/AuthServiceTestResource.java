package dev.mosaic.jobs.support;

import dev.mosaic.deploy.postgres.EmbeddedPostgresServer;
import dev.mosaic.shared.crypto.Sha256;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * A real auth-service for the tests of jobs-service, on its own embedded PostgreSQL (it is a
 * collaborator here, not the system under test). jobs-service is pointed at its JWKS and issuer;
 * tests reach it through {@link #AUTH_URL} and sign the coordinator in with {@link #COORDINATOR_SECRET}.
 */
public class AuthServiceTestResource implements QuarkusTestResourceLifecycleManager {
    public static final String AUTH_URL = "mosaic.test.auth-url";
    public static final String COORDINATOR_SECRET = "mosaic.test.coordinator-secret";
    public static final String AUTH_ENVIRONMENT = "mosaic.test.auth-environment";
    public static final String COORDINATOR_ID = "coordinator";
    /** A second coordinator, for races between coordinators and leases held by someone else. */
    public static final String RIVAL_ID = "rival";
    public static final String RIVAL_SECRET = "mosaic.test.rival-secret";
    public static final String ADMIN_EMAIL = "admin@mosaic.test";

    private static EmbeddedPostgresServer postgres;
    private static AuthServiceProcess auth;
    private static Map<String, String> environment;

    @Override
    public Map<String, String> start() {
        postgres = EmbeddedPostgresServer.start(0, null, Map.of("fsync", "off"));
        postgres.createDatabase("mosaic_auth");
        String coordinatorSecret = randomSecret();
        Map<String, String> env = new HashMap<>();
        env.put("MOSAIC_DB_HOST", "localhost");
        env.put("MOSAIC_DB_PORT", Integer.toString(postgres.port()));
        env.put("MOSAIC_DB_NAME", "mosaic_auth");
        env.put("MOSAIC_DB_USER", EmbeddedPostgresServer.USER);
        env.put("MOSAIC_DB_PASSWORD", EmbeddedPostgresServer.PASSWORD);
        env.put("MOSAIC_AUTH_KEY_ENCRYPTION_SECRET", randomSecret());
        env.put("MOSAIC_AUTH_CLIENTS_COORDINATOR_SECRET", coordinatorSecret);
        env.put("MOSAIC_AUTH_CLIENTS_COORDINATOR_ROLES", "coordinator");
        String rivalSecret = randomSecret();
        env.put("MOSAIC_AUTH_CLIENTS_RIVAL_SECRET", rivalSecret);
        env.put("MOSAIC_AUTH_CLIENTS_RIVAL_ROLES", "coordinator");
        env.put("MOSAIC_AUTH_ADMIN_EMAILS", ADMIN_EMAIL);
        env.put("MOSAIC_AUTH_COOKIE_SECURE", "false");
        env.put("QUARKUS_MAILER_MOCK", "true");
        // Every fixture signs up from the loopback address, and a sign-up beyond the mail limit does nothing.
        env.put("MOSAIC_AUTH_MAIL_MAX_PER_ADDRESS", "1000000");
        environment = Map.copyOf(env);
        auth = AuthServiceProcess.start("auth-service", env);
        return Map.of(
                "mp.jwt.verify.publickey.location", auth.baseUrl + "/api/auth/jwks",
                "mp.jwt.verify.issuer", auth.baseUrl,
                AUTH_URL, auth.baseUrl,
                COORDINATOR_SECRET, coordinatorSecret,
                RIVAL_SECRET, rivalSecret);
    }

    /**
     * A link token for the user of {@code email}, as the mail auth-service sends would carry (the tests read no
     * mail): {@code EMAIL_VERIFICATION} (redeemed at {@code POST /api/auth/verify-email}) or {@code PASSWORD_RESET}
     * ({@code POST /api/auth/reset-password}), stored the way auth-service stores its own, only as a SHA-256.
     * Redeeming it is auth-service's real verification or reset.
     */
    public static String mailedLinkToken(String purpose, String email) {
        String token = randomSecret();
        try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl("mosaic_auth"),
                EmbeddedPostgresServer.USER, EmbeddedPostgresServer.PASSWORD);
             PreparedStatement insert = connection.prepareStatement("INSERT INTO verifications "
                     + "(id, purpose, identifier, value_hash, expires_at, created_at) SELECT gen_random_uuid(), "
                     + "?, id::text, ?, now() + interval '1 hour', now() FROM users WHERE email = lower(?)")) {
            insert.setString(1, purpose);
            insert.setBytes(2, Sha256.of(token));
            insert.setString(3, email);
            if (insert.executeUpdate() != 1) {
                throw new IllegalStateException("No user has the email " + email);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not store a verification token", e);
        }
        return token;
    }

    /** The tests' auth-service, e.g. to read the mails it sent. */
    public static AuthServiceProcess authService() {
        return auth;
    }

    /** The environment the auth-service runs with, for tests that start a variant of it on the same keys. */
    public static Map<String, String> environment() {
        return environment;
    }

    @Override
    public void stop() {
        if (auth != null) {
            auth.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    private static String randomSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
