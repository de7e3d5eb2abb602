package dev.mosaic.auth.account;

import dev.mosaic.auth.ratelimit.ClientInfo;
import dev.mosaic.auth.session.PasswordCheck;
import dev.mosaic.auth.session.SignedInSession;
import dev.mosaic.auth.user.Account;
import dev.mosaic.auth.user.User;
import dev.mosaic.shared.problem.ProblemException;
import dev.mosaic.shared.problem.ProblemType;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Proof, beyond a live session, that its owner is the one asking: what changing the password and deleting the
 * account need. The password is checked through {@link PasswordCheck} (throttled like sign-in, since each answer
 * says whether a guess was right; argon2id off the event loop, no connection held while it runs).
 */
@ApplicationScoped
public class Reauthentication {
    private final PasswordCheck passwords;
    private final AccountConfig config;

    Reauthentication(PasswordCheck passwords, AccountConfig config) {
        this.passwords = passwords;
        this.config = config;
    }

    /** The caller's password account, when {@code password} is its password; 409 without one, 403 when wrong. */
    public Uni<Account> currentPassword(SignedInSession caller, String password, ClientInfo client) {
        return credentialOf(caller).chain(credential -> {
            if (credential == null) {
                return Uni.createFrom().failure(new ProblemException(ProblemType.CONFLICT, "Your account has no "
                        + "password: you sign in through single sign-on. To add one, ask for a reset link with "
                        + "POST /api/auth/request-password-reset."));
            }
            return check(credential, password, client);
        });
    }

    /**
     * An account with a password needs that password; one without (single sign-on only) needs a session opened
     * within {@code MOSAIC_AUTH_RECENT_SIGN_IN}. 403 otherwise.
     */
    public Uni<Void> confirm(SignedInSession caller, String password, ClientInfo client) {
        return credentialOf(caller).chain(credential -> {
            if (credential != null) {
                if (password == null || password.isEmpty()) {
                    return Uni.createFrom().failure(new ProblemException(ProblemType.FORBIDDEN,
                            "Send your current password as 'password' to confirm."));
                }
                return check(credential, password, client).replaceWithVoid();
            }
            if (!caller.signedInWithin(config.recentSignIn())) {
                return Uni.createFrom().failure(new ProblemException(ProblemType.FORBIDDEN, "Sign in again first: "
                        + "this needs a sign-in within the last " + config.recentSignIn().toMinutes() + " minutes."));
            }
            return Uni.createFrom().voidItem();
        });
    }

    private record Credential(String email, Account account) {
    }

    private static Uni<Credential> credentialOf(SignedInSession caller) {
        return Panache.withSession(() -> User.<User>findById(caller.userId())
                .chain(user -> Account.findCredential(user.id).map(account -> account == null
                        || account.passwordHash == null ? null : new Credential(user.email, account))));
    }

    private Uni<Account> check(Credential credential, String password, ClientInfo client) {
        return passwords.verify(credential.email(), client, password, () -> Uni.createFrom().item(credential.account()),
                        account -> account.passwordHash)
                .map(account -> {
                    if (account == null) {
                        throw new ProblemException(ProblemType.FORBIDDEN, "The current password is wrong.");
                    }
                    return account;
                });
    }
}
