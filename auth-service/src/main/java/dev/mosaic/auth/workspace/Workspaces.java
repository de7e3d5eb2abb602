package dev.mosaic.auth.workspace;

import dev.mosaic.shared.auth.OwnedWorkspace;
import dev.mosaic.shared.workspace.WorkspaceRole;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.hibernate.reactive.common.AffectedEntities;

@ApplicationScoped
public class Workspaces {

    /** In the transaction that creates the user: a user never exists without a workspace. */
    @WithTransaction
    public Uni<Workspace> createPersonal(UUID ownerId, String ownerName) {
        Workspace workspace = Workspace.personalOf(ownerId, ownerName);
        return workspace.<Workspace>persist()
                .call(saved -> WorkspaceMember.of(saved, ownerId, WorkspaceRole.OWNER).persist());
    }

    @WithSession
    public Uni<Set<UUID>> idsOf(UUID userId) {
        return WorkspaceMember.ofUser(userId)
                .map(members -> members.stream().map(member -> member.workspaceId).collect(Collectors.toSet()));
    }

    /**
     * Within the transaction that deletes the user: locks every workspace they belong to or own (in id order, so
     * two deletions cannot deadlock), which holds off members joining them (their insert waits on the row, see
     * the README) until it ends, and answers those that keep the deletion from going ahead: shared workspaces
     * where the user is the only owner while others are members.
     */
    public Uni<List<OwnedWorkspace>> lockAndFindSoleOwnedWithOthers(UUID userId) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        SELECT count(*) FROM (SELECT id FROM workspaces
                            WHERE owner_id = :user OR id IN (SELECT workspace_id FROM workspace_members WHERE user_id = :user)
                            ORDER BY id FOR UPDATE) locked""", Long.class)
                .setParameter("user", userId).getSingleResult()
                .chain(() -> session.createNativeQuery("""
                                SELECT w.id, w.name FROM workspaces w
                                WHERE NOT w.personal
                                  AND EXISTS (SELECT 1 FROM workspace_members me
                                              WHERE me.workspace_id = w.id AND me.user_id = :user AND me.role = :owner)
                                  AND NOT EXISTS (SELECT 1 FROM workspace_members o
                                                  WHERE o.workspace_id = w.id AND o.user_id <> :user AND o.role = :owner)
                                  AND EXISTS (SELECT 1 FROM workspace_members m WHERE m.workspace_id = w.id AND m.user_id <> :user)
                                ORDER BY w.name, w.id""", Object[].class)
                        .setParameter("user", userId).setParameter("owner", WorkspaceRole.OWNER.wire()).getResultList()))
                .map(rows -> rows.stream().map(row -> new OwnedWorkspace((UUID) row[0], (String) row[1])).toList());
    }

    /**
     * Within the transaction that deletes the user, after {@link #lockAndFindSoleOwnedWithOthers} found none: their
     * personal workspace and the shared ones nobody else is a member of are deleted; the other shared ones stay
     * with their members (a shared workspace has no {@code owner_id}: it belongs to its members). Their memberships
     * go with the user row. The number of workspaces deleted.
     */
    public Uni<Integer> releaseAllOf(UUID userId) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        DELETE FROM workspaces w
                        WHERE (w.personal AND w.owner_id = :user)
                           OR (NOT w.personal
                               AND EXISTS (SELECT 1 FROM workspace_members me
                                           WHERE me.workspace_id = w.id AND me.user_id = :user)
                               AND NOT EXISTS (SELECT 1 FROM workspace_members o
                                               WHERE o.workspace_id = w.id AND o.user_id <> :user))""",
                        new AffectedEntities(Workspace.class, WorkspaceMember.class))
                .setParameter("user", userId).executeUpdate());
    }
}
