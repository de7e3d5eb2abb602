package dev.mosaic.auth.workspace;

import static dev.mosaic.auth.AuthApi.invitationTokenMailedTo;
import static dev.mosaic.auth.AuthApi.signedUpSessionToken;
import static dev.mosaic.auth.AuthApi.uniqueEmail;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** People and the workspace calls they make, over HTTP with their session tokens. */
final class Teams {
    static final String PROBLEM = "application/problem+json";

    private Teams() {
    }

    /** Refused with {@code status} and the problem type {@code urn:mosaic:problem:<type>}. */
    static void refused(int status, String type, Response response) {
        response.then().statusCode(status).contentType(PROBLEM).body("type", equalTo("urn:mosaic:problem:" + type));
    }

    /** A signed-up person with a confirmed address: their email, session token and user id. */
    record Person(String email, String session, String id) {
        static Person signUp(String prefix) {
            String email = uniqueEmail(prefix);
            String session = signedUpSessionToken(email);
            String id = given().auth().oauth2(session).get("/api/auth/get-session").then().statusCode(200)
                    .extract().path("user.id");
            return new Person(email, session, id);
        }

        RequestSpecification call() {
            return given().contentType(ContentType.JSON).auth().oauth2(session);
        }

        Response post(String endpoint, Map<String, ?> body) {
            return call().body(body).post("/api/auth/workspace/" + endpoint);
        }

        String createTeam(String name) {
            return post("create", Map.of("name", name)).then().statusCode(201).extract().path("id");
        }

        Response invite(String workspaceId, String email, String role) {
            return post("invite-member", Map.of("workspaceId", workspaceId, "email", email, "role", role));
        }

        Response accept(String token) {
            return post("accept-invitation", Map.of("token", token));
        }

        Response changeRole(String workspaceId, Person member, String role) {
            return post("update-member-role", Map.of("workspaceId", workspaceId, "userId", member.id(), "role", role));
        }

        Response remove(String workspaceId, Person member) {
            return post("remove-member", Map.of("workspaceId", workspaceId, "userId", member.id()));
        }

        Response leave(String workspaceId) {
            return post("leave", Map.of("workspaceId", workspaceId));
        }

        /** {@code invitee} joins through a mailed invitation with {@code role}. */
        void bringIn(String workspaceId, Person invitee, String role) {
            invite(workspaceId, invitee.email(), role).then().statusCode(201);
            invitee.accept(invitationTokenMailedTo(invitee.email())).then().statusCode(200);
        }

        /** The {@code workspaces} claim of a fresh access token. */
        List<String> tokenWorkspaces() {
            String jwt = given().auth().oauth2(session).get("/api/auth/token").then().statusCode(200)
                    .extract().path("access_token");
            String payload = new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
            return JsonPath.from(payload).getList("workspaces");
        }

        /** Each member's role, by email. */
        Map<String, String> roles(String workspaceId) {
            List<Map<String, String>> members = call().queryParam("workspaceId", workspaceId)
                    .get("/api/auth/workspace/list-members").then().statusCode(200).extract().jsonPath().getList("$");
            return members.stream().collect(java.util.stream.Collectors.toMap(m -> m.get("email"), m -> m.get("role")));
        }
    }
}
