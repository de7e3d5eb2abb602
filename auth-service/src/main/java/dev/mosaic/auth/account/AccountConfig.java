package dev.mosaic.auth.account;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;

@ConfigMapping(prefix = "mosaic.auth.account")
public interface AccountConfig {
    /**
     * Deleting an account that has no password (single sign-on only) needs a session opened at most this long
     * ago: proof that its owner is at the keyboard, not only someone holding an old session.
     */
    Duration recentSignIn();
}
