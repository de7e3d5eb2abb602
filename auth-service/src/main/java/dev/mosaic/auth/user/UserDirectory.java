package dev.mosaic.auth.user;

import dev.mosaic.auth.workspace.Workspaces;
import dev.mosaic.shared.auth.AuthUser;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** Users as the rest of Mosaic sees them: {@link AuthUser}, with roles and workspaces. */
@ApplicationScoped
public class UserDirectory {
    private final Workspaces workspaces;

    UserDirectory(Workspaces workspaces) {
        this.workspaces = workspaces;
    }

    @WithSession
    public Uni<AuthUser> authUserOf(User user) {
        return workspaces.idsOf(user.id).map(workspaceIds -> new AuthUser(user.id.toString(), AuthUser.Kind.USER,
                user.email, user.name, user.roleSet(), workspaceIds));
    }

    @WithSession
    public Uni<User> find(UUID userId) {
        return User.findById(userId);
    }
}
