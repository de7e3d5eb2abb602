package dev.mosaic.auth.verification;

import dev.mosaic.auth.crypto.KeyEncryption;
import dev.mosaic.auth.crypto.OpaqueTokens;
import dev.mosaic.auth.ratelimit.ClientInfo;
import dev.mosaic.auth.session.SessionService;
import dev.mosaic.auth.user.Account;
import dev.mosaic.auth.user.ConfiguredAdmins;
import dev.mosaic.auth.user.UnvouchedIdentities;
import dev.mosaic.auth.user.User;
import dev.mosaic.shared.crypto.Sha256;
import dev.mosaic.shared.problem.ProblemException;
import dev.mosaic.shared.problem.ProblemType;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.HexFormat;
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
    private final KeyEncryption encryption;

    EmailVerificationService(VerificationTokens tokens, AuthMails mails, VerificationConfig config,
            ConfiguredAdmins admins, MailRateLimit mailLimit, UnvouchedIdentities unvouched, SessionService sessions,
            KeyEncryption encryption) {
        this.tokens = tokens;
        this.mails = mails;
        this.config = config;
        this.admins = admins;
        this.mailLimit = mailLimit;
        this.unvouched = unvouched;
        this.sessions = sessions;
        this.encryption = encryption;
    }

    /** Who opened a verification link: now verified, and signed in. */
    public record Verified(User user, SessionService.OpenedSession session) {
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
     * Within the caller's transaction: a link for an unverified user that carries the password hash of the
     * sign-up that asked for it (sealed). Earlier links stay valid: each sets its own sign-up's password, so a
     * sign-up by someone else with the same address cannot cancel the owner's link, and only the link the
     * mailbox's owner opens decides the password.
     */
    public Uni<String> issueForSignUp(User user, String passwordHash) {
        String token = OpaqueTokens.generate();
        return tokens.issueWithPayload(VerificationPurpose.EMAIL_VERIFICATION, user.id.toString(), token,
                encryption.seal(passwordHash, sealContext(token)), config.emailLifetime()).replaceWith(token);
    }

    /**
     * Marks the address of the token's user as verified, which makes an admin of a listed address, and opens a
     * session: whoever holds the link holds the mailbox. The token and every other link of the user are spent.
     * A sign-up's link sets that sign-up's password. The mailbox's owner has spoken: SSO identities linked
     * through an address their provider never vouched for are unlinked, and if there were any, or the link set
     * a password, every earlier session ends.
     */
    public Uni<Verified> verify(String token, ClientInfo client) {
        return Panache.withTransaction(() -> tokens.redeemWithPayload(VerificationPurpose.EMAIL_VERIFICATION, token)
                .chain(redeemed -> {
                    if (redeemed == null) {
                        return Uni.createFrom().failure(new ProblemException(ProblemType.VALIDATION_FAILED,
                                "This confirmation link is unknown, used or expired. Sign up again with the same "
                                        + "email to get a new one."));
                    }
                    UUID id = UUID.fromString(redeemed.identifier());
                    boolean setsPassword = redeemed.payload() != null;
                    Uni<Void> password = setsPassword
                            ? Account.setPassword(id, encryption.open(redeemed.payload(), sealContext(token)))
                            : Uni.createFrom().voidItem();
                    return password
                            .chain(() -> Verification.deleteAllFor(VerificationPurpose.EMAIL_VERIFICATION, redeemed.identifier()))
                            .chain(() -> User.<User>findById(id)).invoke(admins::markEmailVerified)
                            .call(() -> unvouched.unlink(id).chain(unlinked -> unlinked > 0 || setsPassword
                                    ? sessions.endAllOf(id) : Uni.createFrom().voidItem()))
                            .chain(user -> sessions.open(id, client).map(opened -> new Verified(user, opened)));
                }));
    }

    private static String sealContext(String token) {
        return "verifications/EMAIL_VERIFICATION/" + HexFormat.of().formatHex(Sha256.of(token));
    }
}
