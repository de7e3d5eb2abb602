package dev.mosaic.auth.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * What a hostile or careless client sends to the token endpoint: each is answered at once (no hang), in
 * RFC 6749's format, with 400 or 401 (never 500), and changes nothing.
 */
@QuarkusTest
class HostileTokenRequestTest {
    private static final Duration PROMPTLY = Duration.ofSeconds(5);
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TestHTTPResource("/api/auth/oauth2/token")
    URI tokenEndpoint;

    @ParameterizedTest
    @ValueSource(strings = {"%zz", "%", "%4", "%ff%fe", "%C3"})
    void aBodyThatIsNotFormEncodingIsAPrompt400(String badValue) throws Exception {
        assertOAuthError(post(FORM, bytes("grant_type=client_credentials&client_id=" + badValue + "&client_secret=x")),
                400, "invalid_request");
    }

    @Test
    void rawBytesThatAreNotUtf8AreAPrompt400() throws Exception {
        byte[] body = {'g', 'r', 'a', 'n', 't', '_', 't', 'y', 'p', 'e', '=', (byte) 0xFF, (byte) 0xFE};
        assertOAuthError(post(FORM, body), 400, "invalid_request");
    }

    @Test
    void overLongFieldsAre400() throws Exception {
        assertOAuthError(post(FORM, bytes("grant_type=client_credentials&client_id=coordinator&client_secret="
                + "s".repeat(5000))), 400, "invalid_request");
        assertOAuthError(post(FORM, bytes("grant_type=client_credentials&client_secret=abc&client_id="
                + "c".repeat(300))), 400, "invalid_request");
        assertOAuthError(basic("coordinator:" + "s".repeat(3000)), 400, "invalid_request");
    }

    @Test
    void basicCredentialsThatAreNotFormEncodingAre400Not500() throws Exception {
        assertOAuthError(basic("coordinator:%zz"), 400, "invalid_request");
    }

    @Test
    void aNulOrAnotherControlCharacterIsRefusedBeforeTheDatabase() throws Exception {
        assertOAuthError(post(FORM, bytes("grant_type=client_credentials&client_id=co%00ordinator&client_secret=x")),
                400, "invalid_request");
        assertOAuthError(post(FORM, bytes("grant_type=client_credentials&client_id=coordinator%0A&client_secret=x")),
                400, "invalid_request");
        assertOAuthError(basic("co\0ordinator:abc"), 400, "invalid_request");
        assertOAuthError(basic("coordinator:a%00b"), 400, "invalid_request");
        assertOAuthError(post(FORM, bytes("grant_type=client_credentials&scope=a%1Bb")), 400, "invalid_request");
        assertOAuthError(post(FORM, bytes("grant_type=client_credentials&sc%7Fope=ab")), 400, "invalid_request");
    }

    @Test
    void anotherContentTypeOrARepeatedParameterIs400InOAuthsFormat() throws Exception {
        assertOAuthError(post("application/json", bytes("{\"grant_type\":\"client_credentials\"}")), 400,
                "invalid_request");
        assertOAuthError(post(FORM, bytes("grant_type=client_credentials&grant_type=client_credentials")), 400,
                "invalid_request");
    }

    @Test
    void theRightCredentialsStillWork() throws Exception {
        HttpResponse<String> answer = send(request(FORM, bytes("grant_type=client_credentials"))
                .header("Authorization", "Basic " + base64("coordinator:" + ClientCredentialsTest.COORDINATOR_SECRET)));
        assertEquals(200, answer.statusCode(), answer.body());
    }

    private HttpResponse<String> basic(String credentials) throws Exception {
        return send(request(FORM, bytes("grant_type=client_credentials"))
                .header("Authorization", "Basic " + base64(credentials)));
    }

    private HttpResponse<String> post(String contentType, byte[] body) throws Exception {
        return send(request(contentType, body));
    }

    private HttpRequest.Builder request(String contentType, byte[] body) {
        return HttpRequest.newBuilder(tokenEndpoint).timeout(PROMPTLY).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    }

    /** A request left unanswered fails here with HttpTimeoutException. */
    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertOAuthError(HttpResponse<String> answer, int status, String error) throws Exception {
        assertEquals(status, answer.statusCode(), answer.body());
        assertTrue(answer.headers().firstValue("Content-Type").orElse("").startsWith("application/json"),
                "RFC 6749 JSON: " + answer.headers().map());
        JsonNode body = JSON.readTree(answer.body());
        assertEquals(error, body.path("error").asText(), answer.body());
        assertTrue(body.path("error_description").isTextual(), answer.body());
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(bytes(text));
    }
}
