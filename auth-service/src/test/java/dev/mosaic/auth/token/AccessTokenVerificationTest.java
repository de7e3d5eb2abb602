package dev.mosaic.auth.token;

import static dev.mosaic.auth.AuthApi.accessToken;
import static dev.mosaic.auth.AuthApi.adminSessionToken;
import static dev.mosaic.auth.AuthApi.signUpAndVerify;
import static dev.mosaic.auth.AuthApi.signedUpSessionToken;
import static dev.mosaic.auth.AuthApi.uniqueEmail;
import static dev.mosaic.auth.AuthApi.PASSWORD;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import dev.mosaic.shared.auth.AuthUser;
import dev.mosaic.shared.auth.Roles;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Tokens checked the way jobs-service or any third party would: with nimbus-jose-jwt against the served JWKS. */
@QuarkusTest
class AccessTokenVerificationTest {
    private static final String ISSUER = "http://localhost:8081";
    private static final String AUDIENCE = "mosaic";

    @Inject
    AccessTokens accessTokens;

    @Test
    void anAccessTokenVerifiesAgainstTheServedJwksWithTheDocumentedClaims() throws Exception {
        String email = uniqueEmail("jwt");
        Response signedUp = signUpAndVerify(email, PASSWORD);
        String userId = signedUp.path("user.id");
        String workspaceId = signedUp.path("user.workspaceIds[0]");
        String jwt = accessToken(signedUp.path("token"));

        JWTClaimsSet claims = independentVerifier().process(jwt, null);

        assertEquals(ISSUER, claims.getIssuer());
        assertEquals(List.of(AUDIENCE), claims.getAudience());
        assertEquals(userId, claims.getSubject());
        assertEquals(email, claims.getStringClaim("email"));
        assertEquals("Test Person", claims.getStringClaim("name"));
        assertEquals(List.of(Roles.USER), claims.getStringListClaim("groups"));
        assertEquals(List.of(workspaceId), claims.getStringListClaim("workspaces"));
        assertNotNull(claims.getJWTID());
        assertEquals(Duration.ofMinutes(15),
                Duration.between(claims.getIssueTime().toInstant(), claims.getExpirationTime().toInstant()));
        SignedJWT parsed = SignedJWT.parse(jwt);
        assertEquals(JWSAlgorithm.RS256, parsed.getHeader().getAlgorithm());
        assertTrue(servedJwks().getKeyByKeyId(parsed.getHeader().getKeyID()) != null, "kid names a served key");
    }

    @Test
    void aTokenSignedByAnotherKeyFails() throws Exception {
        String servedKid = servedJwks().getKeys().get(0).getKeyID();
        var foreignKey = new RSAKeyGenerator(2048).keyID(servedKid).generate();
        SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(servedKid)
                .type(JOSEObjectType.JWT).build(), validClaims());
        forged.sign(new RSASSASigner(foreignKey));
        assertThrows(BadJOSEException.class, () -> independentVerifier().process(forged.serialize(), null));
        adminCallWith(forged.serialize()).then().statusCode(401).contentType("application/problem+json");
    }

    @Test
    void anExpiredTokenFails() throws Throwable {
        AuthUser user = new AuthUser(UUID.randomUUID().toString(), AuthUser.Kind.USER, "old@mosaic.test", "Old",
                Set.of(Roles.USER, Roles.ADMIN), Set.of());
        String expired = VertxContextSupport.subscribeAndAwait(
                () -> accessTokens.mint(user, Instant.now().minus(Duration.ofHours(1)))).accessToken();
        assertThrows(BadJOSEException.class, () -> independentVerifier().process(expired, null));
        adminCallWith(expired).then().statusCode(401);
    }

    @Test
    void anUnsignedAlgNoneTokenFails() {
        String unsigned = new PlainJWT(validClaims()).serialize();
        assertThrows(BadJOSEException.class, () -> independentVerifier().process(unsigned, null));
        adminCallWith(unsigned).then().statusCode(401);
    }

    @Test
    void discoveryNamesTheIssuerTheJwksAndTheTokenEndpoint() {
        given().get("/.well-known/openid-configuration").then().statusCode(200)
                .body("issuer", equalTo(ISSUER))
                .body("jwks_uri", equalTo(ISSUER + "/api/auth/jwks"))
                .body("token_endpoint", equalTo(ISSUER + "/api/auth/oauth2/token"))
                .body("grant_types_supported", hasItem("client_credentials"))
                .body("id_token_signing_alg_values_supported", hasItem("RS256"));
    }

    @Test
    void afterRotationNewTokensUseTheNewKeyAndOldTokensStillVerify() throws Exception {
        String admin = accessToken(adminSessionToken());
        String oldKid = SignedJWT.parse(admin).getHeader().getKeyID();

        String newKid = adminCallWith(admin).then().statusCode(200).extract().path("kid");
        assertNotEquals(oldKid, newKid);

        String fresh = accessToken(signedUpSessionToken(uniqueEmail("rotated")));
        assertEquals(newKid, SignedJWT.parse(fresh).getHeader().getKeyID());
        JWKSet served = servedJwks();
        assertNotNull(served.getKeyByKeyId(oldKid), "the old key stays published while its tokens live");
        independentVerifier().process(admin, null);
        independentVerifier().process(fresh, null);
    }

    @Test
    void onlyAnAdminMayRotateKeys() {
        String plain = accessToken(signedUpSessionToken(uniqueEmail("not-admin")));
        adminCallWith(plain).then().statusCode(403).contentType("application/problem+json");
        given().post("/api/auth/admin/signing-keys/rotate").then().statusCode(401)
                .header("WWW-Authenticate", equalTo("Bearer"));
    }

    private static Response adminCallWith(String accessToken) {
        return given().auth().oauth2(accessToken).post("/api/auth/admin/signing-keys/rotate");
    }

    private static JWTClaimsSet validClaims() {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(ISSUER).audience(AUDIENCE).subject("mallory")
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(600)))
                .claim("groups", List.of(Roles.ADMIN)).build();
    }

    static JWKSet servedJwks() throws Exception {
        return JWKSet.parse(given().get("/api/auth/jwks").then().statusCode(200).extract().asString());
    }

    static DefaultJWTProcessor<SecurityContext> independentVerifier() throws Exception {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(Set.of(JWSAlgorithm.RS256, JWSAlgorithm.EdDSA),
                new ImmutableJWKSet<>(servedJwks())));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(AUDIENCE,
                new JWTClaimsSet.Builder().issuer(ISSUER).build(), Set.of("sub", "iat", "exp", "jti")));
        return processor;
    }
}
