package dev.mosaic.auth.verification;

import dev.mosaic.auth.ratelimit.ClientInfo;
import dev.mosaic.auth.ratelimit.RateLimits;
import dev.mosaic.auth.ratelimit.RateLimitsConfig;
import dev.mosaic.auth.user.User;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/**
 * Keeps mail-sending endpoints from bombing an inbox or filling the verifications table: per target email
 * and per client address. The target is the address asked for, whether or not it has an account, so the
 * 429 tells nothing about who is registered.
 */
@ApplicationScoped
public class MailRateLimit {
    private final RateLimits limits;
    private final RateLimitsConfig config;

    MailRateLimit(RateLimits limits, RateLimitsConfig config) {
        this.limits = limits;
        this.config = config;
    }

    public Uni<Void> beforeMailing(String email, ClientInfo client) {
        return limits.hit(config.mailWindow(), Map.of(
                        "mail-to:" + User.normalizeEmail(email), config.mailsPerEmail(),
                        "mail-from:" + RateLimits.addressKey(client.address()), config.mailsPerAddress()),
                "Too many mails were asked for this address, or from your network.");
    }
}
