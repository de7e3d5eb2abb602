package dev.mosaic.deploy.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The console's file server on its own: content types, the SPA fallback, the generated config, and its walls. */
class ConsoleServerTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;
    private Path web;
    private ConsoleServer server;
    private String base;

    @BeforeEach
    void serveADirectory() throws IOException {
        web = Files.createDirectories(dir.resolve("web"));
        Files.writeString(web.resolve("index.html"), "<!doctype html><title>console</title>");
        Files.writeString(web.resolve("app.js"), "export {};");
        Files.writeString(web.resolve("style.css"), "body {}");
        Files.writeString(dir.resolve("secret.txt"), "outside the web directory");
        server = ConsoleServer.start("127.0.0.1", 0, web, "http://localhost:1111", "http://localhost:2222");
        base = "http://127.0.0.1:" + server.port();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void servesEachFileWithItsContentType() throws Exception {
        assertFile("/", 200, "text/html; charset=utf-8", "<!doctype html><title>console</title>");
        assertFile("/app.js", 200, "text/javascript; charset=utf-8", "export {};");
        assertFile("/style.css", 200, "text/css; charset=utf-8", "body {}");
    }

    @Test
    void aPageOfTheAppGetsIndexHtmlButAMissingFileIsA404() throws Exception {
        assertFile("/jobs/0b9d2f0e-1c1b-4b3e-9a57-3c1f7c1f0e11", 200, "text/html; charset=utf-8", "<!doctype html><title>console</title>");
        assertEquals(404, get("/missing.js").statusCode());
    }

    @Test
    void configJsNamesTheServicesAndTheContentSecurityPolicyAllowsCallsToThemOnly() throws Exception {
        HttpResponse<String> config = get("/config.js");
        assertEquals(200, config.statusCode());
        assertEquals("text/javascript; charset=utf-8", config.headers().firstValue("Content-Type").orElse(null));
        assertTrue(config.body().contains("authUrl: \"http://localhost:1111\", jobsUrl: \"http://localhost:2222\""), config.body());
        String policy = config.headers().firstValue("Content-Security-Policy").orElse("");
        assertTrue(policy.contains("connect-src http://localhost:1111 http://localhost:2222;"), policy);
        assertTrue(policy.contains("default-src 'self'"), policy);
    }

    @Test
    void nothingOutsideTheWebDirectoryAndOnlyGetAndHead() throws Exception {
        // Sent raw: java.net.http would normalise the dots away before they reach the server.
        assertTrue(rawStatusLine("GET /../secret.txt HTTP/1.1").contains(" 404 "));
        assertTrue(rawStatusLine("GET /%2e%2e/secret.txt HTTP/1.1").contains(" 404 "));
        HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/app.js"))
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(405, post.statusCode());
        HttpResponse<String> head = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/app.js"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, head.statusCode());
        assertEquals("", head.body());
    }

    private void assertFile(String path, int status, String contentType, String body) throws Exception {
        HttpResponse<String> response = get(path);
        assertEquals(status, response.statusCode(), path);
        assertEquals(contentType, response.headers().firstValue("Content-Type").orElse(null), path);
        assertEquals("nosniff", response.headers().firstValue("X-Content-Type-Options").orElse(null), path);
        assertEquals(body, response.body(), path);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private String rawStatusLine(String requestLine) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            OutputStream out = socket.getOutputStream();
            out.write((requestLine + "\r\nHost: localhost\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            return answer.substring(0, answer.indexOf("\r\n"));
        }
    }
}
