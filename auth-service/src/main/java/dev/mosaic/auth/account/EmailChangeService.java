package dev.mosaic.auth.account;

import dev.mosaic.auth.ratelimit.ClientInfo;
import dev.mosaic.auth.signup.SignUpService;
import dev.mosaic.auth.user.ConfiguredAdmins;
import dev.mosaic.auth.user.User;
import dev.mosaic.auth.verification.AuthMails;
import dev.mosaic.auth.verification.MailRateLimit;
import dev.mosaic.auth.verification.Mailing;
import dev.mosaic.auth.verification.VerificationConfig;
import dev.mosaic.auth.verification.VerificationPurpose;
import dev.mosaic.auth.verification.VerificationTokens;
import dev.mosaic.shared.problem.ProblemException;
import dev.mosaic.shared.problem.ProblemType;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * A signed-in person moves their account to another address. The address switches only when the link mailed to
 * it is opened (whoever opens it holds that mailbox); the current address is told at once. Like sign-up, the
 * answer never tells whether the new address belongs to someone: every valid request gets the same 202 and
 * counts against the same mail limits, the current address gets the same notice, and what differs goes to a
 * mailbox the asker does not read (a free address gets the link; a taken one's owner hears that someone tried,
 * and nothing changes).
 */
@ApplicationScoped
public class EmailChangeService {
    private final VerificationTokens tokens;
    private final VerificationConfig config;
    private final MailRateLimit mailLimit;
    private final AuthMails mails;
    private final ConfiguredAdmins admins;

    EmailChangeService(VerificationTokens tokens, VerificationConfig config, MailRateLimit mailLimit, AuthMails mails,
            ConfiguredAdmins admins) {
        this.tokens = tokens;
        this.config = config;
        this.mailLimit = mailLimit;
        this.mails = mails;
        this.admins = admins;
    }

    /** The mails of one request, decided in its transaction and sent after it commits. */
    private record Decided(Mailing toNewAddress, String currentAddress) {
    }

    public Uni<Void> request(UUID userId, String newEmail, ClientInfo client) {
        String email = User.normalizeEmail(newEmail);
        return Panache.withSession(() -> User.<User>findById(userId)).chain(user -> {
            if (user.email.equals(email)) {
                return Uni.createFrom().failure(new ProblemException(ProblemType.VALIDATION_FAILED,
                        "This is your address already."));
            }
            return mailLimit.beforeMailing(email, client)
                    .chain(() -> Panache.withTransaction(() -> decide(userId, user.email, email)))
                    .invoke(decided -> {
                        Mailing mailing = decided.toNewAddress();
                        mails.sendInBackground(mailing.token() == null ? mails.emailChangeAttempted(mailing.to())
                                : mails.confirmEmailChange(mailing.to(), mailing.token()), "Email change");
                        mails.sendInBackground(mails.emailChangeRequested(decided.currentAddress(), email),
                                "Email change notice");
                    })
                    .replaceWithVoid();
        });
    }

    /** A link for a free address (replacing any earlier one of this user); none for one that is someone else's. */
    private Uni<Decided> decide(UUID userId, String currentAddress, String email) {
        return User.findByEmail(email).chain(holder -> holder != null
                ? Uni.createFrom().item(new Decided(new Mailing(holder.email, null), currentAddress))
                : tokens.reissueWithPayload(VerificationPurpose.EMAIL_CHANGE, userId.toString(), email,
                                config.emailLifetime())
                        .map(token -> new Decided(new Mailing(email, token), currentAddress)));
    }

    /**
     * The mailed link was opened: the account's address is the new one from now on, and verified; the admin role
     * follows the address ({@link ConfiguredAdmins#switchEmail}). Every other link of the user (a password reset or
     * confirmation mailed to the old address) stops working. 400 for an unknown, used or expired link; 409 when the
     * address came to belong to another account meanwhile.
     */
    public Uni<Void> confirm(String token) {
        return Panache.withTransaction(() -> tokens.redeemWithPayload(VerificationPurpose.EMAIL_CHANGE, token)
                        .chain(redeemed -> {
                            if (redeemed == null) {
                                return Uni.createFrom().failure(new ProblemException(ProblemType.VALIDATION_FAILED,
                                        "This link is unknown, used or expired. Ask for a new one with "
                                                + "POST /api/auth/change-email."));
                            }
                            return User.lock(UUID.fromString(redeemed.identifier()))
                                    .chain(user -> switchTo(user, redeemed.payload()));
                        }))
                .onFailure(SignUpService::isEmailTaken).transform(failure -> taken());
    }

    private Uni<Void> switchTo(User user, String email) {
        return User.findByEmail(email).chain(holder -> {
            if (holder != null && !holder.id.equals(user.id)) {
                return Uni.createFrom().failure(taken());
            }
            admins.switchEmail(user, email);
            return tokens.revokeAllFor(user.id.toString()).replaceWithVoid();
        });
    }

    private static ProblemException taken() {
        return new ProblemException(ProblemType.CONFLICT,
                "This address belongs to another account now, so yours keeps its address.");
    }
}
