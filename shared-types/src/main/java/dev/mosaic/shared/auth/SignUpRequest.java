package dev.mosaic.shared.auth;

import dev.mosaic.shared.http.ControlCharacters;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** {@code POST /api/auth/sign-up/email}. */
public record SignUpRequest(
        @NotBlank(message = "is required") @Email(message = "must be an email address") @Size(max = 254)
        @Pattern(regexp = ControlCharacters.SINGLE_LINE, message = ControlCharacters.SINGLE_LINE_RULE) String email,
        @NotBlank(message = "is required")
        @Size(min = PasswordLimits.MIN_LENGTH, max = PasswordLimits.MAX_LENGTH, message = PasswordLimits.MESSAGE)
        String password,
        @NotBlank(message = "is required") @Size(max = 200, message = "must be at most 200 characters long")
        @Pattern(regexp = ControlCharacters.SINGLE_LINE, message = ControlCharacters.SINGLE_LINE_RULE) String name) {
}
