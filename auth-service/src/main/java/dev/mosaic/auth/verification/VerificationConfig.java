package dev.mosaic.auth.verification;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;

@ConfigMapping(prefix = "mosaic.auth.verification")
public interface VerificationConfig {
    Duration emailLifetime();

    Duration passwordResetLifetime();

    /** The SPA page that confirms an address (and signs its owner in); the token is appended as {@code ?token=}. */
    String emailVerificationUrl();

    /** The SPA page that confirms a new address of a signed-in person; the token is appended as {@code ?token=}. */
    String emailChangeUrl();

    /** The SPA page that asks for the new password; the token is appended as {@code ?token=}. */
    String passwordResetUrl();

    /** How long a workspace invitation can be accepted. */
    Duration invitationLifetime();

    /** The SPA page that accepts a workspace invitation (after sign-in or sign-up); {@code ?token=} is appended. */
    String invitationUrl();
}
