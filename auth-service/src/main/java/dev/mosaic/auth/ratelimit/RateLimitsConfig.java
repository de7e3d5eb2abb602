package dev.mosaic.auth.ratelimit;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;

/** Limits of requests that cost others something: mails sent, and single sign-ons started. */
@ConfigMapping(prefix = "mosaic.auth.rate-limits")
public interface RateLimitsConfig {
    /** Mails (verification and password reset) to one email address within {@link #mailWindow()}. */
    int mailsPerEmail();

    /** Mails asked for from one client address (IPv6: its /64), whatever the target. */
    int mailsPerAddress();

    Duration mailWindow();

    /** Workspace invitations one person may send within {@link #mailWindow()}. */
    int invitationsPerUser();

    /** Single sign-ons started from one client address within {@link #ssoStartWindow()}. */
    int ssoStartsPerAddress();

    Duration ssoStartWindow();

    /** How often rows of ended windows are deleted (the schedule of {@link RateLimits}, which reads it by name). */
    Duration purgeEvery();
}
