package dev.mosaic.deploy.testing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What every Mosaic service promises from its first day: it is ready only with its database
 * reachable and migrated, and it answers what it does not know with a problem, not a page; a body over
 * 1 MiB, declared or chunked, is a 413 problem that reaches the client. Headers or a request line over the HTTP server's limits are
 * refused by Vert.x before any handler runs, so there the promise is only an answer (status, connection
 * closed), never a hang. On Linux it serves on Netty's epoll transport, not NIO. Each service's
 * {@code FoundationTest} extends this as a {@code @QuarkusTest}.
 */
public abstract class ServiceFoundationContract {
    @Inject
    Vertx vertx;

    /** Where Netty has its epoll transport (Linux on x86-64 or ARM), the service runs on it, as it asks. */
    @Test
    @EnabledOnOs(value = OS.LINUX, architectures = {"amd64", "aarch64"})
    void servesOnNettysEpollTransport() {
        assertTrue(vertx.isNativeTransportEnabled(), () -> "NIO instead: " + vertx.unavailableNativeTransportCause());
    }

    @Test
    void isReadyWithTheDatabaseMigrated() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem(startsWith("Reactive PostgreSQL")));
    }

    @Test
    void anUnknownRouteIsA404Problem() {
        given().when().get("/api/no-such-thing")
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404))
                .body("type", equalTo("urn:mosaic:problem:not-found"));
    }

    /**
     * The JDK's HttpClient asks to upgrade a plain-text request without a body to HTTP/2 (h2c), as jobs-service's
     * own clients do: such a request passes the body limit and reaches the REST layer like an HTTP/1.1 one.
     */
    @Test
    void aRequestUpgradedToHttp2IsAnsweredLikeAnyOther() throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
        URI uri = URI.create(RestAssured.baseURI + ":" + RestAssured.port + "/api/no-such-thing");
        HttpResponse<String> first = client.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> second = client.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(HttpClient.Version.HTTP_2, second.version(), "the connection was upgraded");
        for (HttpResponse<String> answer : new HttpResponse[] {first, second}) {
            assertEquals(404, answer.statusCode(), answer.body());
            assertEquals("urn:mosaic:problem:not-found", JsonPath.from(answer.body()).getString("type"));
        }
    }

    /** Between shared-types' limit (1 MiB) and Quarkus' backstop (2 MB), and beyond both. */
    @ParameterizedTest
    @ValueSource(longs = {1_500_000, 3_000_000})
    void aDeclaredBodyOverTheLimitIsA413ProblemBeforeItIsSent(long length) throws IOException {
        RawHttp.Answer answer = RawHttp.exchange("127.0.0.1", RestAssured.port, "POST /api/no-such-thing HTTP/1.1\r\n"
                + "Host: localhost\r\nContent-Type: application/json\r\nContent-Length: " + length);

        assertPayloadTooLarge(answer, "The body has " + length + " bytes; the limit is 1048576 bytes (1 MiB).");
    }

    @ParameterizedTest
    @ValueSource(longs = {1_500_000, 3_000_000})
    void aChunkedBodyOverTheLimitIsA413Problem(long length) throws IOException {
        RawHttp.Answer answer = RawHttp.exchange("127.0.0.1", RestAssured.port, "POST /api/no-such-thing HTTP/1.1\r\n"
                + "Host: localhost\r\nContent-Type: application/json", length, true);

        assertPayloadTooLarge(answer, "The body has more than 1048576 bytes, the limit (1 MiB).");
    }

    /**
     * The fuzzer's flake, made certain: a client that writes its whole body before it reads (as the JDK's
     * HttpClient may) lost the 413 to a connection reset when the connection was closed with the body unread.
     */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aClientThatSendsItsWholeBodyBeforeReadingStillGetsThe413(boolean chunked) throws IOException {
        long length = 8_000_000;
        RawHttp.Answer answer = RawHttp.sendWholeBodyThenRead("127.0.0.1", RestAssured.port,
                "POST /api/no-such-thing HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json"
                        + (chunked ? "" : "\r\nContent-Length: " + length), length, chunked);

        assertPayloadTooLarge(answer, chunked ? "The body has more than 1048576 bytes, the limit (1 MiB)."
                : "The body has " + length + " bytes; the limit is 1048576 bytes (1 MiB).");
    }

    /** quarkus.http.limits.max-header-size (20 KiB): Vert.x's HTTP decoder answers, with no body. */
    @Test
    void headersOverTheLimitAreA431WithoutAProblemAndTheConnectionIsClosed() throws IOException {
        RawHttp.Answer answer = RawHttp.exchange("127.0.0.1", RestAssured.port, "GET /q/health/live HTTP/1.1\r\n"
                + "Host: localhost\r\nX-Padding: " + "x".repeat(30_000));

        assertEquals(431, answer.status(), answer.statusLine());
        assertNull(answer.header("content-type"));
        assertTrue(answer.closed(), "the connection is closed");
    }

    /** quarkus.http.limits.max-initial-line-length (4096): Vert.x's HTTP decoder answers, with no body. */
    @Test
    void aRequestLineOverTheLimitIsA414WithoutAProblemAndTheConnectionIsClosed() throws IOException {
        RawHttp.Answer answer = RawHttp.exchange("127.0.0.1", RestAssured.port, "GET /q/health/live?padding="
                + "x".repeat(10_000) + " HTTP/1.1\r\nHost: localhost");

        assertEquals(414, answer.status(), answer.statusLine());
        assertNull(answer.header("content-type"));
        assertTrue(answer.closed(), "the connection is closed");
    }

    /**
     * A request runs to its end when its client leaves midway: Quarkus REST would cancel the {@code Uni} of a
     * resource method whose connection closed, which tears a Hibernate Reactive transaction and, for a sign-in, left
     * the attempt counted as a failure. So each resource class that answers with a {@code Uni} is
     * {@code @Cancellable(false)}; a method that must stop instead (a long poll) says so on itself.
     */
    @Test
    void everyResourceRunsItsRequestsToTheirEndWhenTheClientLeaves() throws IOException {
        List<Path> sources;
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            sources = files.filter(file -> file.toString().endsWith(".java")).toList();
        }
        List<Path> resources = new ArrayList<>();
        List<Path> cancellable = new ArrayList<>();
        for (Path file : sources) {
            String source = Files.readString(file);
            if (source.contains("@Path(") && source.contains("public Uni<")) {
                resources.add(file);
                if (!source.contains("\n@Cancellable(false)\n")) {
                    cancellable.add(file);
                }
            }
        }
        assertTrue(resources.size() > 1, "the resources were found: " + resources);
        assertEquals(List.of(), cancellable, "resource classes without @Cancellable(false)");
    }

    private static void assertPayloadTooLarge(RawHttp.Answer answer, String detail) {
        assertEquals(413, answer.status(), answer.statusLine());
        assertEquals("application/problem+json", answer.header("content-type"));
        JsonPath problem = JsonPath.from(answer.body());
        assertEquals("urn:mosaic:problem:payload-too-large", problem.getString("type"));
        assertEquals(detail, problem.getString("detail"));
        assertEquals(1048576, problem.getInt("limitBytes"));
        assertTrue(answer.closed(), "the connection is closed once the rest of the body is dropped");
    }
}
