package dev.mosaic.shared.auth;

import dev.mosaic.shared.http.ControlCharacters;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** {@code POST /api/auth/update-user}: the caller's new display name (the rules of {@link SignUpRequest#name()}). */
public record UpdateUserRequest(
        @NotBlank(message = "is required") @Size(max = 200, message = "must be at most 200 characters long")
        @Pattern(regexp = ControlCharacters.SINGLE_LINE, message = ControlCharacters.SINGLE_LINE_RULE) String name) {
}
