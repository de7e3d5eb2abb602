package dev.mosaic.jobs.caller;

import dev.mosaic.shared.auth.AuthUser;
import dev.mosaic.shared.auth.Roles;
import jakarta.enterprise.context.RequestScoped;
import jakarta.json.JsonArray;
import jakarta.json.JsonString;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Who is calling, read from the verified access token. The one seam between HTTP and the rules:
 * resources ask it for the {@link AuthUser} and pass that on; the services never read identity
 * from anywhere else, and never from a request body.
 */
@RequestScoped
public class CallerResolver {
    static final String WORKSPACES_CLAIM = "workspaces";
    private final JsonWebToken token;

    public CallerResolver(JsonWebToken token) {
        this.token = token;
    }

    public AuthUser current() {
        Set<String> roles = token.getGroups();
        String email = token.getClaim("email");
        AuthUser.Kind kind = email == null && roles.contains(Roles.COORDINATOR) && !roles.contains(Roles.USER)
                ? AuthUser.Kind.SERVICE : AuthUser.Kind.USER;
        return new AuthUser(token.getSubject(), kind, email, token.getClaim("name"), roles, workspaces());
    }

    private Set<UUID> workspaces() {
        Object claim = token.getClaim(WORKSPACES_CLAIM);
        Set<UUID> workspaces = new LinkedHashSet<>();
        if (claim instanceof JsonArray array) {
            for (JsonString value : array.getValuesAs(JsonString.class)) {
                workspaces.add(UUID.fromString(value.getString()));
            }
        } else if (claim instanceof Iterable<?> values) {
            values.forEach(value -> workspaces.add(UUID.fromString(String.valueOf(value))));
        }
        return workspaces;
    }
}
