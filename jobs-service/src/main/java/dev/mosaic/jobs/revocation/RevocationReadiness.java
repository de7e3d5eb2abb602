package dev.mosaic.jobs.revocation;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Not ready before the revocation feed was read once. Afterwards ready whether or not auth-service
 * answers (the replica goes on with what it knows); the age of the last read is in the answer.
 */
@Readiness
@ApplicationScoped
public class RevocationReadiness implements HealthCheck {
    private final RevocationFeed feed;

    RevocationReadiness(RevocationFeed feed) {
        this.feed = feed;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("token-revocations").status(feed.loaded())
                .withData("secondsSinceLastRead", feed.age().toSeconds())
                .withData("known", feed.known())
                .build();
    }
}
