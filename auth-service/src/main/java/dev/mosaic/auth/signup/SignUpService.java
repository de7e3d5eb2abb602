package dev.mosaic.auth.signup;

import dev.mosaic.auth.crypto.PasswordHasher;
import dev.mosaic.auth.ratelimit.ClientInfo;
import dev.mosaic.auth.session.SessionService;
import dev.mosaic.auth.user.Account;
import dev.mosaic.auth.user.ConfiguredAdmins;
import dev.mosaic.auth.user.User;
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

/** Creates a person: user, password account, personal workspace and a first session, all or nothing. */
@ApplicationScoped
public class SignUpService {
    private static final String EMAIL_UNIQUE_INDEX = "users_email_unique";

    private final PasswordHasher hasher;
    private final Workspaces workspaces;
    private final SessionService sessions;
    private final ConfiguredAdmins admins;

    SignUpService(PasswordHasher hasher, Workspaces workspaces, SessionService sessions, ConfiguredAdmins admins) {
        this.hasher = hasher;
        this.workspaces = workspaces;
        this.sessions = sessions;
        this.admins = admins;
    }

    public record SignedUp(User user, SessionService.OpenedSession session) {
    }

    /** A taken email is refused before the password is hashed: hashing is the expensive part. */
    public Uni<SignedUp> signUp(SignUpRequest request, ClientInfo client) {
        return Panache.withSession(() -> User.findByEmail(request.email()))
                .chain(existing -> existing != null ? Uni.createFrom().<String>failure(emailTaken())
                        : hasher.hash(request.password()))
                .chain(hash -> Panache.withTransaction(
                () -> createUser(request.email(), request.name(), false)
                        .call(user -> Account.credential(user, hash).persist())
                        .chain(user -> sessions.open(user.id, client).map(opened -> new SignedUp(user, opened)))))
                .onFailure(SignUpService::isEmailUniqueViolation).transform(race -> emailTaken());
    }

    /**
     * Within the caller's transaction: a new user with their personal workspace, the one way a person
     * comes to exist (email sign-up and first sign-in through an external provider). Fails with 409
     * when the email belongs to someone already; callers that race should also map
     * {@link #isEmailUniqueViolation}.
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
                return Uni.createFrom().failure(emailTaken());
            }
            return user.<User>persist().call(saved -> workspaces.createPersonal(saved.id, saved.name));
        });
    }

    /** Two sign-ups with one email at once: the unique index lets one through. */
    public static boolean isEmailUniqueViolation(Throwable failure) {
        return UniqueViolations.isOn(failure, EMAIL_UNIQUE_INDEX);
    }

    private static ProblemException emailTaken() {
        return new ProblemException(ProblemType.CONFLICT,
                "An account with this email exists already. Sign in, or reset its password.");
    }
}
