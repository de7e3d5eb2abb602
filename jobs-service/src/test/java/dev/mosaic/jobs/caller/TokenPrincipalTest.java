package dev.mosaic.jobs.caller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.mosaic.shared.auth.TokenClaims;
import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipal;
import jakarta.json.JsonArray;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jose4j.jwt.JwtClaims;
import org.junit.jupiter.api.Test;

/** The principal of a verified token reads every claim exactly as smallrye-jwt's own principal does. */
class TokenPrincipalTest {
    private static final List<String> WORKSPACES = List.of("0b4a7c4e-5d0e-4a43-9d51-6f3f4b0c2f10",
            "7f1e2d3c-4b5a-4968-8776-5a4b3c2d1e0f");

    /** The claims auth-service puts in a person's access token; each principal mutates its own copy. */
    private static JwtClaims personClaims() {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer("https://auth.mosaic.test");
        claims.setSubject("3c9d2b1a-0f8e-4d7c-9b6a-5e4d3c2b1a09");
        claims.setAudience("mosaic-jobs");
        claims.setIssuedAt(org.jose4j.jwt.NumericDate.fromSeconds(1_800_000_000L));
        claims.setExpirationTime(org.jose4j.jwt.NumericDate.fromSeconds(1_800_000_900L));
        claims.setJwtId("c0ffee00-1111-4222-8333-944455556666");
        claims.setStringListClaim(TokenClaims.GROUPS, List.of("user", "admin"));
        claims.setStringClaim(TokenClaims.EMAIL, "ada@example.com");
        claims.setStringClaim(TokenClaims.NAME, "Ada");
        claims.setStringClaim(TokenClaims.SESSION_ID, "5e55e55e-aaaa-4bbb-8ccc-dddddddddddd");
        claims.setStringListClaim(TokenClaims.WORKSPACES, WORKSPACES);
        return claims;
    }

    @Test
    void everyClaimOfAPersonsTokenReadsAsWithSmallryesPrincipal() {
        JsonWebToken smallrye = new DefaultJWTCallerPrincipal(personClaims());
        JsonWebToken ours = new TokenPrincipal(personClaims());

        assertEquals(smallrye.getClaimNames(), ours.getClaimNames());
        for (String name : smallrye.getClaimNames()) {
            Object expected = smallrye.getClaim(name);
            Object actual = ours.getClaim(name);
            assertEquals(expected, actual, name);
            assertEquals(expected == null ? null : expected.getClass(), actual == null ? null : actual.getClass(), name);
        }
        assertEquals(Set.of("user", "admin"), ours.getGroups());
        assertEquals(Set.of("mosaic-jobs"), ours.getAudience());
        assertEquals(1_800_000_900L, ours.getExpirationTime());
        assertEquals("5e55e55e-aaaa-4bbb-8ccc-dddddddddddd", ours.getClaim(TokenClaims.SESSION_ID).toString());
        assertInstanceOf(JsonArray.class, ours.getClaim(TokenClaims.WORKSPACES));
        assertNull(ours.getClaim("not-in-the-token"));
    }

    @Test
    void theCallerItNamesIsTheSameAsFromSmallryesPrincipal() {
        assertEquals(CallerResolver.callerOf(new DefaultJWTCallerPrincipal(personClaims())),
                CallerResolver.callerOf(new TokenPrincipal(personClaims())));
    }
}
