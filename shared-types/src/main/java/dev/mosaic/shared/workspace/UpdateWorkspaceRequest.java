package dev.mosaic.shared.workspace;

import dev.mosaic.shared.http.ControlCharacters;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.UUID;

/** {@code POST /api/auth/workspace/update}: a new name (owners and admins). */
public record UpdateWorkspaceRequest(
        @NotNull(message = "is required") UUID workspaceId,
        @NotBlank(message = "is required") @Size(max = WorkspaceName.MAX_LENGTH, message = WorkspaceName.MESSAGE)
        @Pattern(regexp = ControlCharacters.SINGLE_LINE, message = ControlCharacters.SINGLE_LINE_RULE) String name) {
}
