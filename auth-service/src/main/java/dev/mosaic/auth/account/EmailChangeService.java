package dev.mosaic.auth.account;

import dev.mosaic.auth.ratelimit.ClientInfo;
import dev.mosaic.auth.session.SessionService;
import dev.mosaic.auth.session.SignedInSession;
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
 *
 * <p>Whoever reads the new mailbox gets the account, so asking takes more than a session: the password, or a
 * recent sign-in for an account without one ({@link Reauthentication}), as changing the password does. And a
 * change belongs to the session that asked: once that session ends (signed out, revoked, or ended by a password
 * change or reset, which end every session), its link is void. So the owner's answer to the notice, resetting
 * the password, also cancels a change that a thief of their session had asked for.
 */
@ApplicationScoped
public class EmailChangeService {
    private final VerificationTokens tokens;
    private final VerificationConfig config;
    private final MailRateLimit mailLimit;
    private final AuthMails mails;
    private final ConfiguredAdmins admins;
    private final Reauthentication reauthentication;
    private final SessionService sessions;

    EmailChangeService(VerificationTokens tokens, VerificationConfig config, MailRateLimit mailLimit, AuthMails mails,
            ConfiguredAdmins admins, Reauthentication reauthentication, SessionService sessions) {
        this.tokens = tokens;
        this.config = config;
        this.mailLimit = mailLimit;
        this.mails = mails;
        this.admins = admins;
        this.reauthentication = reauthentication;
        this.sessions = sessions;
    }

    /** The mails of one request, decided in its transaction and sent after it commits. */
    private record Decided(Mailing toNewAddress, String currentAddress) {
    }

    /** A change asked for in a session: the link carries both, and counts only while that session lives. */
    private record PendingChange(UUID sessionId, String email) {
        private static final char SEPARATOR = '\n';

        /** A link's payload: the address cannot hold a line break (the request refuses control characters). */
        String payload() {
            return sessionId + String.valueOf(SEPARATOR) + email;
        }

        /** The change a link carries; null for one made before links named their session, which no longer counts. */
        static PendingChange of(String payload) {
            int separator = payload.indexOf(SEPARATOR);
            return separator < 0 ? null
                    : new PendingChange(UUID.fromString(payload.substring(0, separator)), payload.substring(separator + 1));
        }
    }

    public Uni<Void> request(SignedInSession caller, String newEmail, String password, ClientInfo client) {
        String email = User.normalizeEmail(newEmail);
        return Panache.withSession(() -> User.<User>findById(caller.userId())).chain(user -> {
            if (user.email.equals(email)) {
                return Uni.createFrom().failure(new ProblemException(ProblemType.VALIDATION_FAILED,
                        "This is your address already."));
            }
            return reauthentication.confirm(caller, password, client)
                    .chain(() -> mailLimit.beforeMailing(email, client))
                    .chain(() -> Panache.withTransaction(() -> decide(caller, user.email, email)))
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
    private Uni<Decided> decide(SignedInSession caller, String currentAddress, String email) {
        return User.findByEmail(email).chain(holder -> holder != null
                ? Uni.createFrom().item(new Decided(new Mailing(holder.email, null), currentAddress))
                : tokens.reissueWithPayload(VerificationPurpose.EMAIL_CHANGE, caller.userId().toString(),
                                new PendingChange(caller.sessionId(), email).payload(), config.emailLifetime())
                        .map(token -> new Decided(new Mailing(email, token), currentAddress)));
    }

    /**
     * The mailed link was opened: the account's address is the new one from now on, and verified; the admin role
     * follows the address ({@link ConfiguredAdmins#switchEmail}). Every other link of the user (a password reset or
     * confirmation mailed to the old address) stops working. 400 for an unknown, used or expired link, and for one
     * whose session has ended; 409 when the address came to belong to another account meanwhile.
     */
    public Uni<Void> confirm(String token) {
        return Panache.withTransaction(() -> tokens.redeemWithPayload(VerificationPurpose.EMAIL_CHANGE, token)
                        .chain(redeemed -> {
                            if (redeemed == null) {
                                return Uni.createFrom().failure(unknownLink());
                            }
                            UUID userId = UUID.fromString(redeemed.identifier());
                            PendingChange change = PendingChange.of(redeemed.payload());
                            if (change == null) {
                                return Uni.createFrom().failure(unknownLink());
                            }
                            return User.lock(userId).chain(user -> sessions.isLive(userId, change.sessionId())
                                    .chain(live -> live ? switchTo(user, change.email())
                                            : Uni.createFrom().failure(new ProblemException(
                                                    ProblemType.VALIDATION_FAILED, "The session that asked for this "
                                                            + "change has ended (signed out, or the password was "
                                                            + "changed or reset), so the change is cancelled and your "
                                                            + "account keeps its address. Sign in and ask again."))));
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

    private static ProblemException unknownLink() {
        return new ProblemException(ProblemType.VALIDATION_FAILED,
                "This link is unknown, used or expired. Ask for a new one with POST /api/auth/change-email.");
    }

    private static ProblemException taken() {
        return new ProblemException(ProblemType.CONFLICT,
                "This address belongs to another account now, so yours keeps its address.");
    }
}
