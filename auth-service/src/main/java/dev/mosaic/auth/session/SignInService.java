package dev.mosaic.auth.session;

import dev.mosaic.auth.ratelimit.ClientInfo;
import dev.mosaic.auth.user.Account;
import dev.mosaic.auth.user.User;
import dev.mosaic.shared.auth.SignInRequest;
import dev.mosaic.shared.auth.SignedIn;
import dev.mosaic.shared.problem.Problem;
import dev.mosaic.shared.problem.ProblemException;
import dev.mosaic.shared.problem.ProblemType;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * Email and password sign-in. The password is checked outside any transaction (hashing takes a
 * while and must not hold a connection), and an unknown email costs the same hash as a wrong
 * password and gets the same answer.
 */
@ApplicationScoped
public class SignInService {
    private final PasswordCheck passwords;
    private final SessionService sessions;
    private final SignedInResponses signedIn;

    SignInService(PasswordCheck passwords, SessionService sessions, SignedInResponses signedIn) {
        this.passwords = passwords;
        this.sessions = sessions;
        this.signedIn = signedIn;
    }

    private record Credential(User user, Account account) {
    }

    /**
     * Counted before the hash, so that guesses sent at once cannot all reach it (see {@link SignInThrottle}). Two
     * database sessions: one reads the credential, the other opens the session and answers; none is held while
     * the hash runs.
     */
    public Uni<RestResponse<SignedIn>> signIn(SignInRequest request, ClientInfo client) {
        String email = User.normalizeEmail(request.email());
        return passwords.verify(email, client, request.password(), () -> Panache.withSession(() -> credentialOf(email)),
                        credential -> credential.account().passwordHash)
                .chain(credential -> credential != null
                        ? openFor(credential.user(), client)
                        : Uni.createFrom().failure(wrongEmailOrPassword()));
    }

    /**
     * Only a confirmed address signs in. Decided after the password matched, so the refusal tells nothing
     * that its holder does not know already.
     */
    private Uni<RestResponse<SignedIn>> openFor(User user, ClientInfo client) {
        if (!user.emailVerified) {
            return Uni.createFrom().failure(new ProblemException(ProblemType.EMAIL_NOT_VERIFIED,
                    "Confirm your email address first: open the link we mailed you when you signed up. No mail, or "
                            + "the link expired? Sign up again with this email to get a new one."));
        }
        return Panache.withTransaction(() -> sessions.open(user.id, client)
                .chain(opened -> signedIn.of(user, opened, RestResponse.Status.OK)));
    }

    private static Uni<Credential> credentialOf(String email) {
        return User.findByEmail(email).chain(user -> user == null
                ? Uni.createFrom().nullItem()
                : Account.findCredential(user.id)
                        .map(account -> account == null || account.passwordHash == null ? null
                                : new Credential(user, account)));
    }

    private static ProblemException wrongEmailOrPassword() {
        return new ProblemException(Problem.of(ProblemType.UNAUTHORIZED,
                "The email or the password is wrong. Check both, or reset the password with "
                        + "POST /api/auth/request-password-reset."), Map.of());
    }
}
