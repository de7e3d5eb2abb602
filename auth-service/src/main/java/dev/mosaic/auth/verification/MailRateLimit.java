package dev.mosaic.auth.verification;

import dev.mosaic.auth.ratelimit.ClientInfo;
import dev.mosaic.auth.ratelimit.RateLimits;
import dev.mosaic.auth.ratelimit.RateLimitsConfig;
import dev.mosaic.auth.user.User;
import dev.mosaic.shared.problem.ProblemException;
import dev.mosaic.shared.problem.ProblemType;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.UUID;

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

    /**
     * Like {@link #beforeMailing}, but answers whether the mail may go instead of refusing: for sign-up, whose
     * answer must look the same over the limit too.
     */
    public Uni<Boolean> admits(String email, ClientInfo client) {
        return beforeMailing(email, client).replaceWith(true)
                .onFailure(MailRateLimit::isOverLimit).recoverWithItem(false);
    }

    private static boolean isOverLimit(Throwable failure) {
        return failure instanceof ProblemException problem
                && problem.problem().status() == ProblemType.TOO_MANY_REQUESTS.status();
    }

    /**
     * Invitations count per invited address and per inviting person (signed in, so no client address is needed).
     * The address's count is its own ({@code invitation-to:}), so invitations cannot spend the budget of the
     * address's own sign-up and password-reset mails.
     */
    public Uni<Void> beforeInviting(String email, UUID inviterId) {
        return limits.hit(config.mailWindow(), Map.of(
                        "invitation-to:" + User.normalizeEmail(email), config.mailsPerEmail(),
                        "invitations-by:" + inviterId, config.invitationsPerUser()),
                "Too many invitations were sent to this address, or by you.");
    }

    public Uni<Void> beforeMailing(String email, ClientInfo client) {
        return limits.hit(config.mailWindow(), Map.of(
                        "mail-to:" + User.normalizeEmail(email), config.mailsPerEmail(),
                        "mail-from:" + RateLimits.addressKey(client.address()), config.mailsPerAddress()),
                "Too many mails were asked for this address, or from your network.");
    }
}
