package dev.mosaic.auth.ratelimit;

import static dev.mosaic.auth.AuthApi.PASSWORD;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * X-Forwarded-For from the trusted proxy (127.0.0.1 in the test profile) whose first entry names no client
 * is a 400 problem, answered at once; before ClientAddresses, Quarkus' forwarded-header parser threw on the
 * event loop for an empty entry and the request was never answered. The forms a proxy writes name the client,
 * and {@code Forwarded} is not read. From any other peer the header is not read at all.
 */
@QuarkusTest
class ForwardedHeadersTest {
    private static final String SIGN_IN = "{\"email\":\"nobody-forwarded@mosaic.test\",\"password\":\"wrong password\"}";

    @ParameterizedTest
    @ValueSource(strings = {"X-Forwarded-For:", "X-Forwarded-For:    ", "X-Forwarded-For: ,", "X-Forwarded-For: , 10.9.9.9",
        "X-Forwarded-For: ,,", "X-Forwarded-For: :4711", "X-Forwarded-For: unknown", "X-Forwarded-For: 10.9.9",
        "X-Forwarded-For: 10.9.9.9:http", "X-Forwarded-For: [2001:db8::1", "X-Forwarded-For: fe80::1%eth0"})
    void aForwardedForThatNamesNoClientIsA400Problem(String header) throws IOException {
        RawHttp.Answer answer = signInFrom("127.0.0.1", header);

        assertEquals(400, answer.status(), answer.statusLine());
        assertEquals("application/problem+json", answer.header("content-type"));
        JsonPath problem = JsonPath.from(answer.body());
        assertEquals("urn:mosaic:problem:malformed-request", problem.getString("type"));
        assertEquals("X-Forwarded-For from this proxy names no client: its first entry is empty or not an IP address. "
                + "The proxy must set it to the address it saw.", problem.getString("detail"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"X-Forwarded-For:", "X-Forwarded-For: ,", "X-Forwarded-For: unknown"})
    void fromAPeerThatIsNoTrustedProxyTheHeaderIsNotRead(String header) throws IOException {
        RawHttp.Answer answer = signInFrom("127.0.0.2", header);

        assertEquals(401, answer.status(), answer.statusLine() + " " + answer.body());
    }

    @ParameterizedTest
    @CsvSource({"'10.9.8.7', 10.9.8.7", "'10.9.8.7:4711', 10.9.8.7", "' 10.9.8.6 , 10.0.0.1', 10.9.8.6",
        "'2001:db8::7', 2001:db8::7", "'[2001:db8::8]:4711', 2001:db8::8", "'2001:DB8:0:0:0:0:0:9', 2001:db8::9"})
    void theFormsAProxyWritesNameTheClient(String forwardedFor, String client) throws IOException {
        String email = uniqueEmail("forwarded-form");
        signUpAndVerify(email, PASSWORD).then().statusCode(200);

        RawHttp.Answer answer = signIn("127.0.0.1", "X-Forwarded-For: " + forwardedFor, signInBody(email));

        assertEquals(200, answer.status(), answer.statusLine() + " " + answer.body());
        assertEquals(client, addressOfCurrentSession(JsonPath.from(answer.body()).getString("token")));
    }

    @Test
    void theForwardedHeaderIsNotRead() throws IOException {
        String email = uniqueEmail("rfc7239");
        signUpAndVerify(email, PASSWORD).then().statusCode(200);

        RawHttp.Answer answer = signIn("127.0.0.1", "Forwarded: for=198.51.100.9", signInBody(email));

        assertEquals(200, answer.status(), answer.statusLine() + " " + answer.body());
        assertEquals("127.0.0.1", addressOfCurrentSession(JsonPath.from(answer.body()).getString("token")));
    }

    /** A chunked body (no Content-Length) under the limit is read by BodySizeLimit and still reaches the endpoint. */
    @Test
    void aChunkedBodyUnderTheLimitReachesTheEndpoint() throws IOException {
        String email = uniqueEmail("chunked");
        signUpAndVerify(email, PASSWORD).then().statusCode(200);
        byte[] body = (signInBody(email) + " ".repeat(900_000)).getBytes(StandardCharsets.UTF_8);

        RawHttp.Answer answer = RawHttp.exchange("127.0.0.1", RestAssured.port, "POST /api/auth/sign-in/email HTTP/1.1\r\n"
                + "Host: localhost\r\nConnection: close\r\nContent-Type: application/json\r\nX-Forwarded-For: 10.9.7.1",
                body, true);

        assertEquals(200, answer.status(), answer.statusLine() + " " + answer.body());
        assertEquals("10.9.7.1", addressOfCurrentSession(JsonPath.from(answer.body()).getString("token")));
    }

    private static RawHttp.Answer signInFrom(String localAddress, String header) throws IOException {
        return signIn(localAddress, header, SIGN_IN);
    }

    private static RawHttp.Answer signIn(String localAddress, String header, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        return RawHttp.exchange(localAddress, RestAssured.port, "POST /api/auth/sign-in/email HTTP/1.1\r\nHost: localhost\r\n"
                + "Connection: close\r\nContent-Type: application/json\r\n" + header + "\r\nContent-Length: " + body.length,
                body, false);
    }

    private static String signInBody(String email) {
        return "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}";
    }

    private static String addressOfCurrentSession(String token) {
        return given().auth().oauth2(token).get("/api/auth/list-sessions").then().statusCode(200)
                .extract().path("find { it.current }.ipAddress");
    }
}
