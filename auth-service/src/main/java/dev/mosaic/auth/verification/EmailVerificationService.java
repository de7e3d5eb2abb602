package dev.mosaic.auth.verification;

import dev.mosaic.auth.crypto.KeyEncryption;
import dev.mosaic.auth.crypto.OpaqueTokens;
import dev.mosaic.auth.ratelimit.ClientInfo;
import dev.mosaic.auth.session.PasswordCheck;
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
    private final PasswordCheck passwords;

    EmailVerificationService(VerificationTokens tokens, AuthMails mails, VerificationConfig config,
            ConfiguredAdmins admins, MailRateLimit mailLimit, UnvouchedIdentities unvouched, SessionService sessions,
            KeyEncryption encryption, PasswordCheck passwords) {
        this.tokens = tokens;
        this.mails = mails;
        this.config = config;
        this.admins = admins;
        this.mailLimit = mailLimit;
        this.unvouched = unvouched;
        this.sessions = sessions;
        this.encryption = encryption;
        this.passwords = passwords;
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
     * sign-up by someone else with the same address cannot cancel the owner's link. Opening one takes that
     * sign-up's password too ({@link #verify}).
     */
    public Uni<String> issueForSignUp(User user, String passwordHash) {
        String token = OpaqueTokens.generate();
        return tokens.issueWithPayload(VerificationPurpose.EMAIL_VERIFICATION, user.id.toString(), token,
                encryption.seal(passwordHash, sealContext(token)), config.emailLifetime()).replaceWith(token);
    }

    /**
     * Marks the address of the token's user as verified, which makes an admin of a listed address, and opens a
     * session: whoever holds the link holds the mailbox. The token and every other link of the user are spent.
     * A sign-up's link sets that sign-up's password, and only for who knows it: the mailbox proves the address,
     * the password proves whose sign-up it was. Else anyone could sign up with someone else's address and their
     * own password, and the owner, opening that mail, would set the stranger's password on their own account (an
     * admin's, for a listed address). A wrong password spends nothing: the owner may have two links, their own and
     * a stranger's. The mailbox's owner has spoken: SSO identities linked through an address their provider never
     * vouched for are unlinked, and if there were any, or the link set a password, every earlier session ends.
     */
    public Uni<Verified> verify(String token, String password, ClientInfo client) {
        return tokens.peek(VerificationPurpose.EMAIL_VERIFICATION, token)
                .chain(issued -> issued == null ? Uni.createFrom().failure(unknownLink())
                        : issued.payload() == null ? Uni.createFrom().voidItem()
                        : requireSignUpPassword(issued, token, password, client))
                .chain(() -> redeem(token, client));
    }

    /** The password the link's sign-up chose, checked as sign-in checks one (throttled, argon2id off the event loop). */
    private Uni<Void> requireSignUpPassword(VerificationTokens.Issued issued, String token, String password,
            ClientInfo client) {
        if (password == null || password.isEmpty()) {
            return Uni.createFrom().failure(new ProblemException(ProblemType.VALIDATION_FAILED, "Send the password "
                    + "you chose when you signed up as 'password': it shows that this sign-up is yours."));
        }
        String signUpHash = encryption.open(issued.payload(), sealContext(token));
        return Panache.withSession(() -> User.<User>findById(UUID.fromString(issued.identifier())))
                .chain(user -> passwords.verify(user.email, client, password, () -> Uni.createFrom().item(signUpHash),
                        hash -> hash))
                .chain(matched -> matched != null ? Uni.createFrom().voidItem()
                        : Uni.createFrom().failure(new ProblemException(ProblemType.FORBIDDEN, "This link is of a "
                                + "sign-up made with another password. If you signed up more than once, open the "
                                + "mail of the sign-up whose password you typed; if you did not sign up, ignore the "
                                + "mail.")));
    }

    private Uni<Verified> redeem(String token, ClientInfo client) {
        return Panache.withTransaction(() -> tokens.redeemWithPayload(VerificationPurpose.EMAIL_VERIFICATION, token)
                .chain(redeemed -> {
                    if (redeemed == null) {
                        return Uni.createFrom().failure(unknownLink());
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

    private static ProblemException unknownLink() {
        return new ProblemException(ProblemType.VALIDATION_FAILED,
                "This confirmation link is unknown, used or expired. Sign up again with the same email to get a new one.");
    }

    private static String sealContext(String token) {
        return "verifications/EMAIL_VERIFICATION/" + HexFormat.of().formatHex(Sha256.of(token));
    }
}
