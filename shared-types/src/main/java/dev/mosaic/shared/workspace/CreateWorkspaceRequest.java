package dev.mosaic.shared.workspace;

import dev.mosaic.shared.http.ControlCharacters;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** {@code POST /api/auth/workspace/create}: a team workspace whose creator is its owner. */
public record CreateWorkspaceRequest(
        @NotBlank(message = "is required") @Size(max = WorkspaceName.MAX_LENGTH, message = WorkspaceName.MESSAGE)
        @Pattern(regexp = ControlCharacters.SINGLE_LINE, message = ControlCharacters.SINGLE_LINE_RULE) String name) {
}
