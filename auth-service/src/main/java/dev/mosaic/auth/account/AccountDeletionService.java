package dev.mosaic.auth.account;

import dev.mosaic.auth.ratelimit.ClientInfo;
import dev.mosaic.auth.session.SessionService;
import dev.mosaic.auth.session.SignedInSession;
import dev.mosaic.auth.user.User;
import dev.mosaic.auth.verification.VerificationTokens;
import dev.mosaic.auth.workspace.Workspaces;
import dev.mosaic.shared.auth.OwnedWorkspace;
import dev.mosaic.shared.problem.Problem;
import dev.mosaic.shared.problem.ProblemException;
import dev.mosaic.shared.problem.ProblemType;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Deleting one's own account, after {@link Reauthentication#confirm}. One transaction, with the user row and their
 * workspaces locked: refused (409, naming them) while they are the only owner of a shared workspace that has other
 * members; otherwise their personal workspace and the shared ones only they belong to are deleted, the other shared
 * ones stay with their members, every session ends (its access tokens revoked through the feed), every
 * mailed link dies, and the user row goes with its accounts and memberships.
 */
@ApplicationScoped
public class AccountDeletionService {
    private final Reauthentication reauthentication;
    private final Workspaces workspaces;
    private final SessionService sessions;
    private final VerificationTokens tokens;

    AccountDeletionService(Reauthentication reauthentication, Workspaces workspaces, SessionService sessions,
            VerificationTokens tokens) {
        this.reauthentication = reauthentication;
        this.workspaces = workspaces;
        this.sessions = sessions;
        this.tokens = tokens;
    }

    public Uni<Void> delete(SignedInSession caller, String password, ClientInfo client) {
        return reauthentication.confirm(caller, password, client)
                .chain(() -> Panache.withTransaction(() -> User.lock(caller.userId())
                        .chain(user -> workspaces.lockAndFindSoleOwnedWithOthers(user.id).chain(blocking -> {
                            if (!blocking.isEmpty()) {
                                return Uni.createFrom().failure(soleOwner(blocking));
                            }
                            return workspaces.releaseAllOf(user.id)
                                    .chain(() -> sessions.endAllOf(user.id))
                                    .chain(() -> tokens.revokeAllFor(user.id.toString()))
                                    .chain(user::delete);
                        }))));
    }

    private static ProblemException soleOwner(List<OwnedWorkspace> blocking) {
        return new ProblemException(Problem.of(ProblemType.CONFLICT, "You are the only owner of "
                + blocking.stream().map(workspace -> "'" + workspace.name() + "'").collect(Collectors.joining(", "))
                + ", which other people belong to. Make one of them an owner, or remove them, then delete your "
                + "account.").with("workspaces", blocking));
    }
}
