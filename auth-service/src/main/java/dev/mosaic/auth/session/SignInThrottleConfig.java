package dev.mosaic.auth.session;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;

@ConfigMapping(prefix = "mosaic.auth.sign-in")
public interface SignInThrottleConfig {
    int maxFailuresPerEmail();

    int maxFailuresPerAddress();

    /** Failures older than this are forgotten. */
    Duration window();
}
