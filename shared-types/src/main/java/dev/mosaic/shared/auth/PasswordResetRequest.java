package dev.mosaic.shared.auth;

import dev.mosaic.shared.http.ControlCharacters;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** {@code POST /api/auth/request-password-reset}. */
public record PasswordResetRequest(@NotBlank(message = "is required") @Size(max = 254)
        @Pattern(regexp = ControlCharacters.SINGLE_LINE, message = ControlCharacters.SINGLE_LINE_RULE) String email) {
}
