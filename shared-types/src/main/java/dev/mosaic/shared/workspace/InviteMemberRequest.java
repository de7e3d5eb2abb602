package dev.mosaic.shared.workspace;

import dev.mosaic.shared.http.ControlCharacters;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.UUID;

/** {@code POST /api/auth/workspace/invite-member}: who is invited, where, with which role. */
public record InviteMemberRequest(
        @NotNull(message = "is required") UUID workspaceId,
        @NotBlank(message = "is required") @Email(message = "must be an email address") @Size(max = 254)
        @Pattern(regexp = ControlCharacters.SINGLE_LINE, message = ControlCharacters.SINGLE_LINE_RULE) String email,
        @NotNull(message = "is required") WorkspaceRole role) {
}
