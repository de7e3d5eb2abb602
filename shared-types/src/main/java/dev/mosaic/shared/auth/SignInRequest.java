package dev.mosaic.shared.auth;

import dev.mosaic.shared.http.ControlCharacters;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** {@code POST /api/auth/sign-in/email}. */
public record SignInRequest(
        @NotBlank(message = "is required") @Size(max = 254)
        @Pattern(regexp = ControlCharacters.SINGLE_LINE, message = ControlCharacters.SINGLE_LINE_RULE) String email,
        @NotBlank(message = "is required")
        @Size(max = PasswordLimits.MAX_LENGTH, message = "must be at most " + PasswordLimits.MAX_LENGTH + " characters long")
        String password) {
}
