package dev.mosaic.auth.verification;

import dev.mosaic.auth.ratelimit.ClientInfo;
import dev.mosaic.auth.session.SessionService;
import dev.mosaic.auth.user.ConfiguredAdmins;
import dev.mosaic.auth.user.UnvouchedIdentities;
import dev.mosaic.auth.user.User;
import dev.mosaic.shared.problem.ProblemException;
import dev.mosaic.shared.problem.ProblemType;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

@ApplicationScoped
public class EmailVerificationService {
    private final VerificationTokens tokens;
    private final AuthMails mails;
    private final VerificationConfig config;
    private final ConfiguredAdmins admins;
    private final MailRateLimit mailLimit;
    private final UnvouchedIdentities unvouched;
    private final SessionService sessions;

    EmailVerificationService(VerificationTokens tokens, AuthMails mails, VerificationConfig config,
            ConfiguredAdmins admins, MailRateLimit mailLimit, UnvouchedIdentities unvouched, SessionService sessions) {
        this.tokens = tokens;
        this.mails = mails;
        this.config = config;
        this.admins = admins;
        this.mailLimit = mailLimit;
        this.unvouched = unvouched;
        this.sessions = sessions;
    }

    /** Mails the signed-in user a link that confirms their address, within the mail rate limit. */
    public Uni<Void> send(UUID userId, ClientInfo client) {
        return Panache.withSession(() -> User.<User>findById(userId)).chain(user -> {
            if (user.emailVerified) {
                return Uni.createFrom().failure(new ProblemException(ProblemType.CONFLICT,
                        "Your email address is verified already; there is nothing to confirm."));
            }
            return mailLimit.beforeMailing(user.email, client).chain(() -> Panache.withTransaction(() -> tokens
                    .issue(VerificationPurpose.EMAIL_VERIFICATION, user.id.toString(), config.emailLifetime())))
                    .chain(token -> mails.verifyEmail(user.email, token));
        });
    }

    /**
     * Marks the address of the token's user as verified, which makes an admin of a listed address; the
     * token is spent. The mailbox's owner has spoken: SSO identities linked through an address their
     * provider never vouched for are unlinked, and if there were any, every session ends, theirs included.
     */
    public Uni<Void> verify(String token) {
        return Panache.withTransaction(() -> tokens.redeem(VerificationPurpose.EMAIL_VERIFICATION, token)
                .chain(userId -> {
                    if (userId == null) {
                        return Uni.createFrom().failure(new ProblemException(ProblemType.VALIDATION_FAILED,
                                "This verification link is unknown, used or expired. Ask for a new one with "
                                        + "POST /api/auth/send-verification-email."));
                    }
                    UUID id = UUID.fromString(userId);
                    return User.<User>findById(id).invoke(admins::markEmailVerified)
                            .chain(() -> unvouched.unlink(id))
                            .chain(unlinked -> unlinked > 0 ? sessions.endAllOf(id) : Uni.createFrom().voidItem());
                }));
    }
}
