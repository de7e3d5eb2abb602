package dev.mosaic.auth.workspace.invitation;

import dev.mosaic.auth.crypto.OpaqueTokens;
import dev.mosaic.auth.user.User;
import dev.mosaic.auth.verification.AuthMails;
import dev.mosaic.auth.verification.MailRateLimit;
import dev.mosaic.auth.verification.Mailing;
import dev.mosaic.auth.verification.VerificationConfig;
import dev.mosaic.auth.workspace.Workspace;
import dev.mosaic.auth.workspace.WorkspaceMember;
import dev.mosaic.auth.workspace.team.Membership;
import dev.mosaic.shared.crypto.Sha256;
import dev.mosaic.shared.problem.ProblemException;
import dev.mosaic.shared.problem.ProblemType;
import dev.mosaic.shared.workspace.InvitationView;
import dev.mosaic.shared.workspace.InviteMemberRequest;
import dev.mosaic.shared.workspace.WorkspaceView;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Invitations to team workspaces: made by owners and admins, mailed with a single-use token, accepted by the
 * signed-in person whose verified email they name. Like every write to a workspace, each locks the workspace's
 * row first, so an invitation is accepted, revoked or replaced by one writer at a time.
 */
@ApplicationScoped
public class Invitations {
    private final AuthMails mails;
    private final MailRateLimit mailLimit;
    private final VerificationConfig config;

    Invitations(AuthMails mails, MailRateLimit mailLimit, VerificationConfig config) {
        this.mails = mails;
        this.mailLimit = mailLimit;
        this.config = config;
    }

    /** What an invitation's transaction decided: the mail goes out only after it committed. */
    private record Invited(InvitationView view, Mailing mailing, String inviterName, String workspaceName) {
    }

    /** A new invitation of an address replaces its pending one in this workspace; only owners invite owners. */
    public Uni<InvitationView> invite(UUID inviterId, InviteMemberRequest request) {
        String email = User.normalizeEmail(request.email());
        String token = OpaqueTokens.generate();
        return Panache.withTransaction(() -> Membership.lock(request.workspaceId(), inviterId).chain(membership -> {
            membership.requireTeam("invited into").requireManager("invite").requireMayTouch(request.role(), request.role());
            return refuseMember(membership.workspaceId(), email)
                    .chain(() -> mailLimit.beforeInviting(email, inviterId))
                    .chain(() -> WorkspaceInvitation.revokePending(membership.workspaceId(), email))
                    .chain(() -> WorkspaceInvitation.of(membership.workspaceId(), email, request.role(), token, inviterId,
                            Instant.now().plus(config.invitationLifetime())).<WorkspaceInvitation>persist())
                    .chain(invitation -> User.<User>findById(inviterId).map(inviter -> new Invited(invitation.view(),
                            new Mailing(email, token), inviter.name, membership.workspace().name)));
        })).invoke(invited -> mails.sendInBackground(mails.invitation(invited.mailing().to(), invited.mailing().token(),
                invited.inviterName(), invited.workspaceName(), invited.view().role().wire()), "Invitation"))
                .map(Invited::view);
    }

    private static Uni<Void> refuseMember(UUID workspaceId, String email) {
        return User.findByEmail(email).chain(user -> user == null ? Uni.createFrom().nullItem()
                : WorkspaceMember.find(workspaceId, user.id)).invoke(member -> {
                    if (member != null) {
                        throw new ProblemException(ProblemType.CONFLICT, email + " is a member of this workspace already.");
                    }
                }).replaceWithVoid();
    }

    /**
     * Joins the invitation's workspace with its role. Refused, changing nothing: unknown token (404), accepted
     * already (409), revoked or expired (410), another address than the caller's (403), the caller's address not
     * verified (403), a member already (409). Refused with 410 too when its inviter may no longer bring anyone in
     * with that role (removed, left, demoted, or deleted): an invitation is worth no more than its inviter's rights
     * now. That one is revoked for good (committed, though the acceptance is refused), so the workspace's list says
     * so and the link never works again.
     */
    public Uni<WorkspaceView> accept(UUID userId, String token) {
        return Panache.withTransaction(() -> lockWorkspaceWhere("i.tokenHash = ?1", Sha256.of(token))
                .chain(workspace -> workspace == null ? Uni.createFrom().failure(unknownToken())
                        : WorkspaceInvitation.ofToken(token).chain(invitation -> {
                            requireUsable(invitation);
                            return inviterMayStillGrant(workspace, invitation).chain(mayGrant -> {
                                if (!mayGrant) {
                                    invitation.decide(WorkspaceInvitation.REVOKED);
                                    return Uni.createFrom().<WorkspaceView>nullItem();
                                }
                                return join(workspace, invitation, userId);
                            });
                        })))
                .onItem().ifNull().failWith(() -> new ProblemException(ProblemType.INVITATION_REVOKED, "Whoever "
                        + "sent this invitation may no longer invite with its role (they left or were removed or "
                        + "demoted), so it has been revoked: ask a current owner or admin for a new invitation."));
    }

    /** Whether the inviter is still a member who may bring someone in with the invitation's role; gone: no. */
    private static Uni<Boolean> inviterMayStillGrant(Workspace workspace, WorkspaceInvitation invitation) {
        if (invitation.invitedBy == null) {
            return Uni.createFrom().item(false);
        }
        return WorkspaceMember.find(workspace.id, invitation.invitedBy)
                .map(inviter -> inviter != null && new Membership(workspace, inviter).mayGrant(invitation.role));
    }

    private static Uni<WorkspaceView> join(Workspace workspace, WorkspaceInvitation invitation, UUID userId) {
        return User.<User>findById(userId).chain(user -> {
            requireInvited(user, invitation);
            return WorkspaceMember.find(workspace.id, userId).chain(existing -> {
                if (existing != null) {
                    throw new ProblemException(ProblemType.CONFLICT, "You are a member of this workspace already.");
                }
                invitation.decide(WorkspaceInvitation.ACCEPTED);
                invitation.acceptedBy = userId;
                return WorkspaceMember.of(workspace, userId, invitation.role).persist()
                        .replaceWith(workspace.viewAs(invitation.role));
            });
        });
    }

    /** Owners and admins see every invitation of the workspace, newest first, with what became of it. */
    public Uni<List<InvitationView>> list(UUID callerId, UUID workspaceId) {
        return Panache.withSession(() -> Membership.read(workspaceId, callerId)
                .invoke(membership -> membership.requireManager("see its invitations"))
                .chain(() -> WorkspaceInvitation.ofWorkspace(workspaceId)))
                .map(invitations -> invitations.stream().map(WorkspaceInvitation::view).toList());
    }

    /** Revokes a pending invitation (expired ones too): its link stops working. */
    public Uni<InvitationView> cancel(UUID callerId, UUID invitationId) {
        return Panache.withTransaction(() -> lockWorkspaceWhere("i.id = ?1", invitationId).chain(workspace -> {
            if (workspace == null) {
                throw new ProblemException(ProblemType.NOT_FOUND, "No invitation " + invitationId + ".");
            }
            return Membership.in(workspace, callerId).chain(membership -> {
                membership.requireManager("revoke invitations");
                return WorkspaceInvitation.<WorkspaceInvitation>findById(invitationId).map(invitation -> {
                    membership.requireMayTouch(invitation.role, invitation.role);
                    if (!WorkspaceInvitation.PENDING.equals(invitation.status)) {
                        throw new ProblemException(ProblemType.CONFLICT, "This invitation is " + invitation.status
                                + " already; only a pending one can be revoked.");
                    }
                    invitation.decide(WorkspaceInvitation.REVOKED);
                    return invitation.view();
                });
            });
        }));
    }

    /**
     * Locks the workspace of the invitation that {@code where} finds before the invitation is read, so the
     * invitation is read as the last writer left it.
     */
    private static Uni<Workspace> lockWorkspaceWhere(String where, Object parameter) {
        return Workspace.<Workspace>find("id = (select i.workspaceId from WorkspaceInvitation i where " + where + ")",
                parameter).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }

    private static void requireUsable(WorkspaceInvitation invitation) {
        switch (invitation.status(Instant.now())) {
            case ACCEPTED -> throw new ProblemException(ProblemType.INVITATION_ALREADY_ACCEPTED,
                    "This invitation has been accepted already: it works once.");
            case REVOKED -> throw new ProblemException(ProblemType.INVITATION_REVOKED,
                    "This invitation was revoked or replaced by a newer one: ask for a new invitation.");
            case EXPIRED -> throw new ProblemException(ProblemType.INVITATION_EXPIRED,
                    "This invitation expired at " + invitation.expiresAt + ": ask for a new invitation.");
            case PENDING -> {
            }
        }
    }

    private static void requireInvited(User user, WorkspaceInvitation invitation) {
        if (!user.email.equals(invitation.email)) {
            throw new ProblemException(ProblemType.INVITATION_FOR_ANOTHER_EMAIL, "This invitation is for another "
                    + "email address: sign in with the address it was sent to, then open the link again.");
        }
        if (!user.emailVerified) {
            throw new ProblemException(ProblemType.EMAIL_NOT_VERIFIED, "Confirm your email address first (open the "
                    + "link we mailed you, or POST /api/auth/send-verification-email), then accept the invitation.");
        }
    }

    private static ProblemException unknownToken() {
        return new ProblemException(ProblemType.NOT_FOUND,
                "This invitation link is unknown: ask whoever invited you for a new one.");
    }
}
