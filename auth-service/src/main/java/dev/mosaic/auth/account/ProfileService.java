package dev.mosaic.auth.account;

import dev.mosaic.auth.crypto.PasswordHasher;
import dev.mosaic.auth.ratelimit.ClientInfo;
import dev.mosaic.auth.session.SessionService;
import dev.mosaic.auth.session.SignedInSession;
import dev.mosaic.auth.user.Account;
import dev.mosaic.auth.user.User;
import dev.mosaic.auth.user.UserDirectory;
import dev.mosaic.auth.verification.VerificationPurpose;
import dev.mosaic.auth.verification.VerificationTokens;
import dev.mosaic.shared.auth.AuthUser;
import dev.mosaic.shared.auth.ChangePasswordRequest;
import dev.mosaic.shared.problem.ProblemException;
import dev.mosaic.shared.problem.ProblemType;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/** What a signed-in person changes about themselves: their name and their password. */
@ApplicationScoped
public class ProfileService {
    private final Reauthentication reauthentication;
    private final PasswordHasher hasher;
    private final SessionService sessions;
    private final VerificationTokens tokens;
    private final UserDirectory users;

    ProfileService(Reauthentication reauthentication, PasswordHasher hasher, SessionService sessions,
            VerificationTokens tokens, UserDirectory users) {
        this.reauthentication = reauthentication;
        this.hasher = hasher;
        this.sessions = sessions;
        this.tokens = tokens;
        this.users = users;
    }

    /** The caller as tokens will show them from now on (the name reaches access tokens minted after this). */
    @WithTransaction
    public Uni<AuthUser> rename(SignedInSession caller, String name) {
        return User.lock(caller.userId()).chain(user -> {
            user.name = name.strip();
            user.updatedAt = Instant.now();
            return users.authUserOf(user);
        });
    }

    /**
     * Checks the current password (throttled, off the event loop), hashes the new one, then in one transaction
     * sets it, ends every other session of the caller (revoking their access tokens) and cancels a pending email
     * change, which a thief holding a session may have started. The caller's session stays. If the password
     * changed between the check and the write (another change at once), nothing is written: 409, try again.
     */
    public Uni<Long> changePassword(SignedInSession caller, ChangePasswordRequest request, ClientInfo client) {
        return reauthentication.currentPassword(caller, request.currentPassword(), client)
                .chain(checked -> hasher.hash(request.newPassword())
                        .chain(newHash -> Panache.withTransaction(() -> User.lock(caller.userId())
                                .chain(() -> Account.findCredential(caller.userId()))
                                .chain(account -> {
                                    if (account == null || !checked.passwordHash.equals(account.passwordHash)) {
                                        return Uni.createFrom().failure(new ProblemException(ProblemType.CONFLICT,
                                                "Your password changed while this request was checked. Try again "
                                                        + "with the password you have now."));
                                    }
                                    account.passwordHash = newHash;
                                    account.updatedAt = Instant.now();
                                    return tokens.cancel(VerificationPurpose.EMAIL_CHANGE, caller.userId().toString())
                                            .chain(() -> sessions.endAllBut(caller));
                                }))));
    }
}
