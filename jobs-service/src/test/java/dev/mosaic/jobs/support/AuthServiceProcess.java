package dev.mosaic.jobs.support;

import static org.awaitility.Awaitility.await;

import dev.mosaic.deploy.testing.MockMailLog;
import java.time.Duration;
import java.util.HashMap;
import java.util.Optional;
import java.util.Map;
import java.util.UUID;

/**
 * The real auth-service, as packaged by this build, running as a child process: tests get their
 * tokens from it and jobs-service verifies them against its JWKS, as in production.
 */
public final class AuthServiceProcess implements AutoCloseable {
    private final PackagedService process;
    public final String baseUrl;

    private AuthServiceProcess(PackagedService process) {
        this.process = process;
        this.baseUrl = process.baseUrl;
    }

    /** Starts auth-service with the given environment on a free port and waits until it is ready. */
    public static AuthServiceProcess start(String name, Map<String, String> environment) {
        return new AuthServiceProcess(PackagedService.start(PackagedService.AUTH_SERVICE, name, environment));
    }

    /**
     * A variant of the tests' auth-service on its database, so it signs with the very keys jobs-service
     * trusts, under the tests' issuer unless {@code overrides} say otherwise.
     */
    public static AuthServiceProcess variant(String name, Map<String, String> overrides) {
        Map<String, String> env = new HashMap<>(AuthServiceTestResource.environment());
        env.put("MOSAIC_AUTH_ISSUER", JobsApi.authUrl());
        env.putAll(overrides);
        return start(name, env);
    }

    /** The access token of a person who signs up here now. */
    public String signUpAccessToken() {
        return JobsApi.signUpVerified(baseUrl, "variant-" + UUID.randomUUID() + "@mosaic.test",
                "correct horse battery staple", "Variant").getString("accessToken.access_token");
    }

    /**
     * The token of the last invitation mailed to {@code email}: its mailer is a mock, which writes each mail to the
     * process's output. Waits for the mail, which is sent after the invitation's answer.
     */
    public String invitationTokenMailedTo(String email) {
        return await().atMost(Duration.ofSeconds(10)).until(() -> MockMailLog.lastLink(process.log(), email)
                        .filter(link -> link.contains("/accept-invitation?token=")), Optional::isPresent)
                .map(link -> link.substring(link.indexOf("?token=") + "?token=".length())).orElseThrow();
    }

    @Override
    public void close() {
        process.close();
    }
}
