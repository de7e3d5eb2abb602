package dev.mosaic.auth.session;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;

/** See {@link SignInThrottle} for what each limit stops. */
@ConfigMapping(prefix = "mosaic.auth.sign-in")
public interface SignInThrottleConfig {
    /** Attempts at one email from one client address (IPv6: its /64). */
    int maxFailuresPerClient();

    /** Attempts from one client address, whatever the email. */
    int maxFailuresPerAddress();

    /** Attempts at one email from everywhere, beyond which each address gets its first try only. */
    int maxFailuresPerAccount();

    /** Attempts older than this are forgotten. */
    Duration window();
}
