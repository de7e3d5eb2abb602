package dev.mosaic.coordinator.client;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static dev.mosaic.coordinator.client.PlainHttp.get;
import static dev.mosaic.coordinator.client.PlainHttp.post;
import static dev.mosaic.coordinator.client.PlainHttp.read;
import static dev.mosaic.coordinator.client.PlainHttp.write;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.mosaic.shared.auth.AccessTokenResponse;
import dev.mosaic.shared.auth.Roles;
import dev.mosaic.deploy.localstack.ThrowawayStack;
import dev.mosaic.shared.auth.SignUpAccepted;
import dev.mosaic.shared.auth.SignUpRequest;
import dev.mosaic.shared.auth.SignedIn;
import dev.mosaic.shared.auth.VerifyEmailRequest;
import dev.mosaic.shared.jobs.CreateJobRequest;
import dev.mosaic.shared.jobs.RunnerJob;
import dev.mosaic.shared.workspace.AcceptInvitationRequest;
import dev.mosaic.shared.workspace.CreateWorkspaceRequest;
import dev.mosaic.shared.workspace.InviteMemberRequest;
import dev.mosaic.shared.workspace.WorkspaceRole;
import dev.mosaic.shared.workspace.WorkspaceView;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A person's side of a running stack, over plain HTTP as the console does it: sign up, trade the session for
 * an access token, create jobs, make a team workspace and invite to it. The coordinator tests need people to make work; the end-to-end test uses the
 * same (this module's test-jar).
 */
public final class People {
    private People() {
    }

    /**
     * A new person with a unique email, signed in, with the {@code user} role and a personal workspace: sign-up
     * answers only "check your mail", so the link mailed to the address (read from {@code stack}'s mock mailer)
     * confirms it, which signs the person in.
     */
    public static SignedIn signUp(String authUrl, ThrowawayStack stack, String name) {
        String email = name.toLowerCase() + "-" + UUID.randomUUID() + "@people.mosaic.test";
        String password = "correct horse battery " + UUID.randomUUID();
        HttpResponse<String> response = post(authUrl + "/api/auth/sign-up/email", null,
                write(new SignUpRequest(email, password, name)));
        assertEquals(202, response.statusCode(), "sign-up: " + response.body());
        assertEquals(SignUpAccepted.CHECK_YOUR_MAIL, read(response.body(), new TypeReference<SignUpAccepted>() { }));
        String link = await().atMost(Duration.ofSeconds(20)).until(() -> stack.mailedLink(email), Optional::isPresent)
                .orElseThrow();
        String token = tokenOf(link);
        HttpResponse<String> verified = post(authUrl + "/api/auth/verify-email", null,
                write(new VerifyEmailRequest(token, password)));
        assertEquals(200, verified.statusCode(), "verify-email: " + verified.body());
        SignedIn signedIn = read(verified.body(), new TypeReference<>() { });
        assertNotNull(signedIn.token(), "the session token is in the body for clients without cookies");
        assertTrue(signedIn.user().hasRole(Roles.USER), "a person who signs up is a user: " + signedIn.user());
        assertEquals(1, signedIn.user().workspaceIds().size(), "a personal workspace: " + signedIn.user());
        return signedIn;
    }

    /** Trades the session token for an access token, as the console does before it calls jobs-service. */
    public static String accessToken(String authUrl, SignedIn signedIn) {
        HttpResponse<String> response = get(authUrl + "/api/auth/token", signedIn.token());
        assertEquals(200, response.statusCode(), "session → access token: " + response.body());
        AccessTokenResponse token = read(response.body(), new TypeReference<>() { });
        assertEquals("Bearer", token.tokenType());
        assertTrue(token.expiresIn() > 0);
        return token.accessToken();
    }

    /** Ends the session, which revokes the access tokens minted from it. */
    public static void signOut(String authUrl, SignedIn signedIn) {
        HttpResponse<String> response = post(authUrl + "/api/auth/sign-out", signedIn.token(), "{}");
        assertEquals(204, response.statusCode(), "sign-out: " + response.body());
    }

    /** A PENDING job of {@code type} in the person's workspace. */
    public static RunnerJob createJob(String jobsUrl, String accessToken, String type, Map<String, Object> payload) {
        HttpResponse<String> response = post(jobsUrl + "/api/runner-jobs", accessToken,
                write(new CreateJobRequest(type, 10, payload, null)));
        assertEquals(201, response.statusCode(), "create: " + response.body());
        RunnerJob job = read(response.body(), new TypeReference<>() { });
        assertEquals(type, job.type());
        assertEquals(payload, job.payload());
        return job;
    }

    /** A PENDING job of {@code type} in the team workspace {@code workspace}, which the access token must name. */
    public static RunnerJob createJob(String jobsUrl, String accessToken, UUID workspace, String type) {
        HttpResponse<String> response = post(jobsUrl + "/api/runner-jobs?workspace=" + workspace, accessToken,
                write(new CreateJobRequest(type, 10, Map.of(), null)));
        assertEquals(201, response.statusCode(), "create in a team: " + response.body());
        RunnerJob job = read(response.body(), new TypeReference<>() { });
        assertEquals(workspace, job.workspaceId());
        return job;
    }

    /** A team workspace of which {@code owner} is the owner. */
    public static WorkspaceView createWorkspace(String authUrl, SignedIn owner, String name) {
        HttpResponse<String> response = post(authUrl + "/api/auth/workspace/create", owner.token(),
                write(new CreateWorkspaceRequest(name)));
        assertEquals(201, response.statusCode(), "create workspace: " + response.body());
        return read(response.body(), new TypeReference<>() { });
    }

    /**
     * Invites {@code email} to the workspace as a member and returns the link mailed to that address (read
     * from {@code stack}'s mock mailer), which leads to the console's accept-invitation page.
     */
    public static String invite(String authUrl, ThrowawayStack stack, SignedIn inviter, UUID workspace, String email) {
        HttpResponse<String> response = post(authUrl + "/api/auth/workspace/invite-member", inviter.token(),
                write(new InviteMemberRequest(workspace, email, WorkspaceRole.MEMBER)));
        assertEquals(201, response.statusCode(), "invite: " + response.body());
        return await().atMost(Duration.ofSeconds(20)).until(() -> stack.mailedLink(email)
                .filter(mailed -> mailed.contains("/accept-invitation?token=")), Optional::isPresent).orElseThrow();
    }

    /** Joins the workspace of a mailed invitation {@code link}, as the person it was sent to. */
    public static WorkspaceView acceptInvitation(String authUrl, SignedIn invited, String link) {
        HttpResponse<String> response = post(authUrl + "/api/auth/workspace/accept-invitation", invited.token(),
                write(new AcceptInvitationRequest(tokenOf(link))));
        assertEquals(200, response.statusCode(), "accept invitation: " + response.body());
        return read(response.body(), new TypeReference<>() { });
    }

    /** The token of a mailed link ({@code …?token=…}). */
    public static String tokenOf(String link) {
        return link.substring(link.indexOf("?token=") + "?token=".length());
    }
}
