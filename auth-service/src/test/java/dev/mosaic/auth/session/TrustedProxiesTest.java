package dev.mosaic.auth.session;

import static dev.mosaic.auth.AuthApi.PASSWORD;
import static dev.mosaic.auth.AuthApi.signIn;
import static dev.mosaic.auth.AuthApi.signUpAndVerify;
import static dev.mosaic.auth.AuthApi.uniqueEmail;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mosaic.deploy.testing.RawHttp;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The client address behind the throttle comes from X-Forwarded-For only on connections from a trusted proxy
 * (the test profile trusts 127.0.0.1 alone). Another loopback address, 127.0.0.2, plays a client that connects
 * directly and forges the header. The address the service took is the one it records with the session.
 */
@QuarkusTest
class TrustedProxiesTest {
    private static final String FORGED = "198.51.100.23";

    @Test
    void aForwardedHeaderFromATrustedProxyNamesTheClient() {
        String email = uniqueEmail("proxied");
        signUpAndVerify(email, PASSWORD).then().statusCode(200);
        String token = signIn(email, PASSWORD, FORGED).then().statusCode(200).extract().path("token");

        assertEquals(FORGED, addressOfCurrentSession(token));
    }

    @Test
    void aForwardedHeaderFromAnUntrustedPeerIsIgnored() throws IOException {
        String email = uniqueEmail("direct");
        signUpAndVerify(email, PASSWORD).then().statusCode(200);
        String body = "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}";

        RawHttp.Answer answer = postFrom("127.0.0.2", "/api/auth/sign-in/email", body);

        assertEquals(200, answer.status(), answer.statusLine() + " " + answer.body());
        String token = JsonPath.from(answer.body()).getString("token");
        assertEquals("127.0.0.2", addressOfCurrentSession(token), "the connection's address, not the forged header");
    }

    private static String addressOfCurrentSession(String token) {
        return given().auth().oauth2(token).get("/api/auth/list-sessions").then().statusCode(200)
                .extract().path("find { it.current }.ipAddress");
    }

    /** A plain HTTP/1.1 request from the given local address, carrying a forged X-Forwarded-For. */
    private static RawHttp.Answer postFrom(String localAddress, String path, String json) throws IOException {
        byte[] content = json.getBytes(StandardCharsets.UTF_8);
        return RawHttp.exchange(localAddress, RestAssured.port, "POST " + path + " HTTP/1.1\r\nHost: localhost\r\n"
                + "Content-Type: application/json\r\nX-Forwarded-For: " + FORGED + "\r\nContent-Length: " + content.length
                + "\r\nConnection: close", content, false);
    }
}
