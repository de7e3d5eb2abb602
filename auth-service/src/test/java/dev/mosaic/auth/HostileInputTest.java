package dev.mosaic.auth;

import static dev.mosaic.auth.AuthApi.signedUpSessionToken;
import static dev.mosaic.auth.AuthApi.uniqueAddress;
import static dev.mosaic.auth.AuthApi.uniqueEmail;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Control characters, values of another JSON type than their field's and malformed query values are refused at the
 * edge with a 400 problem, and nothing is stored.
 */
@QuarkusTest
class HostileInputTest {
    private static final String PROBLEM = "application/problem+json";
    private static final String VALIDATION_FAILED = "urn:mosaic:problem:validation-failed";

    @TestHTTPResource("/")
    URI base;

    @Inject
    TestDatabase db;

    @Test
    void aTerminalEscapeInANameIsRefusedAndNoUserIsMade() {
        String email = uniqueEmail("escape");
        given().contentType(ContentType.JSON).header("X-Forwarded-For", uniqueAddress())
                .body(Map.of("email", email, "password", AuthApi.PASSWORD, "name", "Mallory\u001b[2J"))
                .post("/api/auth/sign-up/email")
                .then().statusCode(400).contentType("application/problem+json").body("detail", containsString("U+001B"));
        assertEquals(0, db.count("SELECT count(*) FROM users WHERE email = $1", email));
    }

    @Test
    void aLineBreakInAnEmailIsRefused() {
        given().contentType(ContentType.JSON).header("X-Forwarded-For", uniqueAddress())
                .body(Map.of("email", "a@mosaic.test\r\nINFO forged line", "password", AuthApi.PASSWORD))
                .post("/api/auth/sign-in/email")
                .then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void aNulInAHeaderThatIsStoredIsRefusedNot500() throws Exception {
        String email = uniqueEmail("nul-agent");
        String body = "{\"email\":\"" + email + "\",\"password\":\"" + AuthApi.PASSWORD + "\",\"name\":\"N\"}";
        String status = rawPost("/api/auth/sign-up/email", "User-Agent: curl\0/8", body);
        assertTrue(status.contains(" 400 "), status);
        assertEquals(0, db.count("SELECT count(*) FROM users WHERE email = $1", email));
    }

    /** A value of another JSON type than its field's is refused, never converted: Jackson took 5 for the name "5". */
    @Test
    void aValueOfAnotherJsonTypeIsA400NamingTheFieldAndNoUserIsMade() {
        String email = uniqueEmail("typed");
        Map<String, Object> wrongValues = Map.of("name", 5, "password", 1234567890, "email", true);
        wrongValues.forEach((field, wrong) -> {
            Map<String, Object> body = new HashMap<>(Map.of("email", email, "password", AuthApi.PASSWORD, "name", "N"));
            body.put(field, wrong);
            given().contentType(ContentType.JSON).header("X-Forwarded-For", uniqueAddress()).body(body)
                    .post("/api/auth/sign-up/email")
                    .then().statusCode(400).contentType(PROBLEM).body("type", equalTo(VALIDATION_FAILED))
                    .body("errors", equalTo(List.of(Map.of("field", field, "message", "must be a string"))));
        });
        assertEquals(0, db.count("SELECT count(*) FROM users WHERE email = $1", email));
    }

    /** An enum's index no longer stands for the constant ({@code "role": 1} was an admin). */
    @Test
    void anEnumByItsIndexIsA400NamingTheFieldAndInvitesNoOne() {
        String session = signedUpSessionToken(uniqueEmail("typed-team"));
        String team = given().contentType(ContentType.JSON).auth().oauth2(session).body(Map.of("name", "Typed"))
                .post("/api/auth/workspace/create").then().statusCode(201).extract().path("id");

        given().contentType(ContentType.JSON).auth().oauth2(session)
                .body(Map.of("workspaceId", team, "email", uniqueEmail("invitee"), "role", 1))
                .post("/api/auth/workspace/invite-member")
                .then().statusCode(400).contentType(PROBLEM).body("type", equalTo(VALIDATION_FAILED))
                .body("errors.field", equalTo(List.of("role")))
                .body("errors[0].message", equalTo("must be one of [owner, admin, member], not '1'"));
        assertEquals(0, db.count("SELECT count(*) FROM workspace_invitations WHERE workspace_id = $1::uuid", team));
    }

    /**
     * A query value that does not convert is a 400 naming the parameter and what it takes, no longer JAX-RS's 404 as
     * if the URL named nothing; a well-formed id of no workspace of the caller's is still the 404.
     */
    @Test
    void aMalformedWorkspaceIdInTheQueryIsA400NamingIt() {
        String session = signedUpSessionToken(uniqueEmail("malformed-query"));
        String rule = "must be a UUID: 32 hexadecimal digits grouped 8-4-4-4-12";
        for (String list : List.of("list-members", "list-invitations")) {
            for (String malformed : List.of("xyz", "1-2-3-4-5")) {
                given().auth().oauth2(session).queryParam("workspaceId", malformed).get("/api/auth/workspace/" + list)
                        .then().statusCode(400).contentType(PROBLEM).body("type", equalTo(VALIDATION_FAILED))
                        .body("detail", equalTo("Query parameter 'workspaceId' " + rule + "."))
                        .body("errors", equalTo(List.of(Map.of("field", "workspaceId", "message", rule))));
            }
        }
        given().auth().oauth2(session).queryParam("workspaceId", UUID.randomUUID())
                .get("/api/auth/workspace/list-members").then().statusCode(404).contentType(PROBLEM);
    }

    /** A client library would not send a NUL in a header; an attacker writes the bytes himself. */
    private String rawPost(String path, String header, String body) throws Exception {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n" + header
                    + "\r\nX-Forwarded-For: " + uniqueAddress() + "\r\nContent-Type: application/json\r\nContent-Length: "
                    + bytes.length + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(bytes);
            out.flush();
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1))
                    .readLine();
        }
    }
}
