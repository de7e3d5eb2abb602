package dev.mosaic.deploy.testing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * An OpenID Connect provider small enough to read at once, for tests that drive a real browser through single
 * sign-on against a packaged auth-service: discovery, a JWKS of one RSA key made at start, an authorization endpoint
 * where the person {@link #signsInNext} is signed in already (it redirects straight back with a code, as a provider
 * with a live session does), and a token endpoint that checks the client's secret, the redirect URI and the PKCE
 * verifier before it answers an RS256 ID token carrying that authorization's nonce. Codes are single use.
 */
public final class MockOidcProvider implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();
    private static final String KEY_ID = "mock-key-1";

    /** The provider's person: who signs in at it. */
    public record Person(String subject, String email, boolean emailVerified, String name) {
    }

    private record Authorization(Person person, String clientId, String redirectUri, String nonce, String codeChallenge) {
    }

    private final HttpServer server;
    private final String issuer;
    private final String clientId;
    private final String clientSecret;
    private final KeyPair key;
    private final AtomicReference<Person> next = new AtomicReference<>();
    private final Map<String, Authorization> codes = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();

    private MockOidcProvider(HttpServer server, String clientId, String clientSecret) throws GeneralSecurityException {
        this.server = server;
        this.issuer = "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort();
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        this.key = generator.generateKeyPair();
    }

    /** Listens on a free port of {@code host}, for one client. */
    public static MockOidcProvider start(String host, String clientId, String clientSecret) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(host, 0), 0);
        MockOidcProvider provider;
        try {
            provider = new MockOidcProvider(server, clientId, clientSecret);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/.well-known/openid-configuration", provider::discovery);
        server.createContext("/jwks", provider::jwks);
        server.createContext("/authorize", provider::authorize);
        server.createContext("/token", provider::token);
        server.start();
        return provider;
    }

    public String issuer() {
        return issuer;
    }

    /** Who is signed in at the provider when the next authorization request comes. */
    public void signsInNext(Person person) {
        next.set(person);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void discovery(HttpExchange exchange) throws IOException {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("issuer", issuer);
        document.put("authorization_endpoint", issuer + "/authorize");
        document.put("token_endpoint", issuer + "/token");
        document.put("jwks_uri", issuer + "/jwks");
        document.put("response_types_supported", List.of("code"));
        document.put("subject_types_supported", List.of("public"));
        document.put("id_token_signing_alg_values_supported", List.of("RS256"));
        document.put("code_challenge_methods_supported", List.of("S256"));
        answerJson(exchange, 200, document);
    }

    private void jwks(HttpExchange exchange) throws IOException {
        RSAPublicKey publicKey = (RSAPublicKey) key.getPublic();
        answerJson(exchange, 200, Map.of("keys", List.of(Map.of("kty", "RSA", "kid", KEY_ID, "use", "sig", "alg", "RS256",
                "n", unsigned(publicKey.getModulus()), "e", unsigned(publicKey.getPublicExponent())))));
    }

    private void authorize(HttpExchange exchange) throws IOException {
        Map<String, String> query = form(exchange.getRequestURI().getRawQuery());
        Person person = next.get();
        if (person == null || !clientId.equals(query.get("client_id")) || !"code".equals(query.get("response_type"))
                || !"S256".equals(query.get("code_challenge_method")) || query.get("redirect_uri") == null) {
            answerJson(exchange, 400, Map.of("error", "invalid_request"));
            return;
        }
        String code = token();
        codes.put(code, new Authorization(person, clientId, query.get("redirect_uri"), query.get("nonce"),
                query.get("code_challenge")));
        String back = query.get("redirect_uri") + (query.get("redirect_uri").contains("?") ? "&" : "?") + "code=" + code
                + "&state=" + URLEncoder.encode(query.getOrDefault("state", ""), StandardCharsets.UTF_8)
                + "&iss=" + URLEncoder.encode(issuer, StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Location", back);
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    private void token(HttpExchange exchange) throws IOException {
        Map<String, String> body = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        Authorization authorization = codes.remove(body.getOrDefault("code", ""));
        String basic = "Basic " + Base64.getEncoder().encodeToString((clientId + ":" + clientSecret)
                .getBytes(StandardCharsets.UTF_8));
        boolean clientAuthenticated = basic.equals(exchange.getRequestHeaders().getFirst("Authorization"))
                || (clientId.equals(body.get("client_id")) && clientSecret.equals(body.get("client_secret")));
        if (!clientAuthenticated) {
            answerJson(exchange, 401, Map.of("error", "invalid_client"));
            return;
        }
        if (authorization == null || !"authorization_code".equals(body.get("grant_type"))
                || !authorization.redirectUri().equals(body.get("redirect_uri"))
                || !authorization.codeChallenge().equals(challengeOf(body.getOrDefault("code_verifier", "")))) {
            answerJson(exchange, 400, Map.of("error", "invalid_grant"));
            return;
        }
        answerJson(exchange, 200, Map.of("access_token", token(), "token_type", "Bearer", "expires_in", 300,
                "id_token", idToken(authorization)));
    }

    private String idToken(Authorization authorization) {
        long now = Instant.now().getEpochSecond();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuer);
        claims.put("sub", authorization.person().subject());
        claims.put("aud", authorization.clientId());
        claims.put("azp", authorization.clientId());
        claims.put("iat", now);
        claims.put("exp", now + 300);
        if (authorization.nonce() != null) {
            claims.put("nonce", authorization.nonce());
        }
        claims.put("email", authorization.person().email());
        claims.put("email_verified", authorization.person().emailVerified());
        claims.put("name", authorization.person().name());
        try {
            String signed = part(Map.of("alg", "RS256", "typ", "JWT", "kid", KEY_ID)) + "." + part(claims);
            Signature signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(key.getPrivate());
            signature.update(signed.getBytes(StandardCharsets.US_ASCII));
            return signed + "." + BASE64URL.encodeToString(signature.sign());
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String part(Map<String, ?> json) throws IOException {
        return BASE64URL.encodeToString(JSON.writeValueAsBytes(json));
    }

    private static String challengeOf(String verifier) {
        try {
            return BASE64URL.encodeToString(MessageDigest.getInstance("SHA-256")
                    .digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A JWK integer: big-endian, no sign byte. */
    private static String unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        return BASE64URL.encodeToString(bytes[0] == 0 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes);
    }

    private String token() {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        return BASE64URL.encodeToString(bytes);
    }

    private static Map<String, String> form(String encoded) {
        Map<String, String> values = new LinkedHashMap<>();
        if (encoded == null || encoded.isEmpty()) {
            return values;
        }
        for (String pair : encoded.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                values.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return values;
    }

    private static void answerJson(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.getResponseHeaders().add("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
