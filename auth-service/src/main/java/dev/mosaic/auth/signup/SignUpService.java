package dev.mosaic.auth.signup;

import dev.mosaic.auth.crypto.PasswordHasher;
import dev.mosaic.auth.ratelimit.ClientInfo;
import dev.mosaic.auth.user.Account;
import dev.mosaic.auth.user.ConfiguredAdmins;
import dev.mosaic.auth.user.User;
import dev.mosaic.auth.verification.AuthMails;
import dev.mosaic.auth.verification.EmailVerificationService;
import dev.mosaic.auth.verification.MailRateLimit;
import dev.mosaic.auth.verification.Mailing;
import dev.mosaic.auth.workspace.Workspaces;
import dev.mosaic.shared.auth.Roles;
import dev.mosaic.shared.auth.SignUpRequest;
import dev.mosaic.shared.problem.ProblemException;
import dev.mosaic.shared.problem.ProblemType;
import dev.mosaic.shared.sql.UniqueViolations;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Set;

/**
 * Email sign-up, which must not tell who has an account (OWASP Authentication cheat sheet): every valid
 * request gets the same answer and costs the same argon2id hash, and what differs goes into a mail that only
 * the address's owner reads.
 * <ul>
 * <li>a new address: an unverified user with that password and a personal workspace, and a confirmation link;
 * <li>an address whose owner has not confirmed it yet: nothing changes but another confirmation link, which
 * carries this sign-up's password (see {@link EmailVerificationService#issueForSignUp});
 * <li>a confirmed address: nothing changes; its owner is told that someone tried.
 * </ul>
 * Over the mail limit (per address asked for, per client address; counted alike for all three) nothing
 * happens at all, not even the hash.
 */
@ApplicationScoped
public class SignUpService {
    private static final String EMAIL_UNIQUE_INDEX = "users_email_unique";

    private final PasswordHasher hasher;
    private final Workspaces workspaces;
    private final ConfiguredAdmins admins;
    private final MailRateLimit mailLimit;
    private final EmailVerificationService verification;
    private final AuthMails mails;

    SignUpService(PasswordHasher hasher, Workspaces workspaces, ConfiguredAdmins admins, MailRateLimit mailLimit,
            EmailVerificationService verification, AuthMails mails) {
        this.hasher = hasher;
        this.workspaces = workspaces;
        this.admins = admins;
        this.mailLimit = mailLimit;
        this.verification = verification;
        this.mails = mails;
    }

    public Uni<Void> signUp(SignUpRequest request, ClientInfo client) {
        String email = User.normalizeEmail(request.email());
        return mailLimit.admits(email, client).chain(admitted -> !admitted ? Uni.createFrom().voidItem()
                : hasher.hash(request.password())
                        .chain(hash -> record(email, request.name(), hash))
                        .invoke(mailing -> mails.sendInBackground(mailing.token() == null
                                ? mails.signUpAttempted(mailing.to())
                                : mails.verifyEmail(mailing.to(), mailing.token()), "Sign-up"))
                        .replaceWithVoid());
    }

    /**
     * Read, decide and write in one transaction. Of sign-ups of one new address at once the unique index lets
     * one create the user; each of the others runs again, in a fresh transaction, and finds it.
     */
    private Uni<Mailing> record(String email, String name, String hash) {
        return Panache.withTransaction(() -> recordOnce(email, name, hash))
                .onFailure(SignUpService::isEmailTaken)
                .recoverWithUni(() -> Panache.withTransaction(() -> recordOnce(email, name, hash)));
    }

    private Uni<Mailing> recordOnce(String email, String name, String hash) {
        return User.findByEmail(email).chain(existing -> {
            if (existing != null && existing.emailVerified) {
                return Uni.createFrom().item(new Mailing(existing.email, null));
            }
            Uni<User> unverified = existing != null ? Uni.createFrom().item(existing)
                    : createUser(email, name, false).call(user -> Account.credential(user, hash).persist());
            return unverified.chain(user -> verification.issueForSignUp(user, hash)
                    .map(token -> new Mailing(user.email, token)));
        });
    }

    /**
     * Within the caller's transaction: a new user with their personal workspace, the one way a person
     * comes to exist (email sign-up and first sign-in through an external provider). Fails with 409
     * when the email belongs to someone already; callers that race recognise both by {@link #isEmailTaken}.
     *
     * @param emailVerified whether the address is proven already (a provider's {@code email_verified}); only
     *                      then can it make an admin, see {@link ConfiguredAdmins}. Email sign-up passes false.
     */
    public Uni<User> createUser(String email, String name, boolean emailVerified) {
        User user = User.create(email, name, Set.of(Roles.USER));
        if (emailVerified) {
            admins.markEmailVerified(user);
        }
        return User.findByEmail(user.email).chain(existing -> {
            if (existing != null) {
                return Uni.createFrom().failure(new ProblemException(ProblemType.CONFLICT,
                        "An account with this email exists already."));
            }
            return user.<User>persist().call(saved -> workspaces.createPersonal(saved.id, saved.name));
        });
    }

    /**
     * A user with this email appeared between a look-up and {@link #createUser}: seen by its own look-up (409),
     * or by the unique index when both inserted at once.
     */
    public static boolean isEmailTaken(Throwable failure) {
        return UniqueViolations.isOn(failure, EMAIL_UNIQUE_INDEX)
                || failure instanceof ProblemException problem && problem.problem().status() == ProblemType.CONFLICT.status();
    }
}
