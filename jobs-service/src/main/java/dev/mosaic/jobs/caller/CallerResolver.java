package dev.mosaic.jobs.caller;

import dev.mosaic.shared.auth.AuthUser;
import dev.mosaic.shared.auth.TokenClaims;
import jakarta.enterprise.context.RequestScoped;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import java.util.List;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who is calling, read from the verified access token. The one seam between HTTP and the rules:
 * resources ask it for the {@link AuthUser} and pass that on; the services never read identity
 * from anywhere else, and never from a request body.
 */
@RequestScoped
public class CallerResolver {
    private final JsonWebToken token;

    public CallerResolver(JsonWebToken token) {
        this.token = token;
    }

    public AuthUser current() {
        return TokenClaims.toAuthUser(token.getSubject(), token.getClaim(TokenClaims.EMAIL),
                token.getClaim(TokenClaims.NAME), token.getGroups(), workspaceIds());
    }

    private List<String> workspaceIds() {
        Object claim = token.getClaim(TokenClaims.WORKSPACES);
        if (claim instanceof JsonArray array) {
            return array.getValuesAs(JsonString.class).stream().map(JsonString::getString).toList();
        }
        if (claim instanceof Iterable<?> values) {
            List<String> ids = new java.util.ArrayList<>();
            values.forEach(value -> ids.add(String.valueOf(value)));
            return ids;
        }
        return List.of();
    }
}
