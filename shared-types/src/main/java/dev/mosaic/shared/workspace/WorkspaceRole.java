package dev.mosaic.shared.workspace;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/**
 * A member's role in a team workspace; on the wire and in the database in lower case. Roles govern membership
 * (who may rename, invite, change roles, remove), in auth-service only: jobs-service asks membership alone.
 */
public enum WorkspaceRole {
    /** Everything, including making and unmaking owners; a workspace always has at least one. */
    @JsonProperty("owner") OWNER,
    /** Renames, invites members and admins, changes roles among them, removes them; never touches an owner. */
    @JsonProperty("admin") ADMIN,
    /** Works in the workspace, sees its members, may leave. */
    @JsonProperty("member") MEMBER;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static WorkspaceRole fromWire(String role) {
        return valueOf(role.toUpperCase(Locale.ROOT));
    }

    /** Whether this role may manage members and invitations at all. */
    public boolean manages() {
        return this != MEMBER;
    }
}
