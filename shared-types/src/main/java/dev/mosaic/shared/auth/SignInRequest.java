package dev.mosaic.shared.auth;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** {@code POST /api/auth/sign-in/email}. */
public record SignInRequest(
        @NotBlank(message = "is required") @Size(max = 254) String email,
        @NotBlank(message = "is required")
        @Size(max = PasswordLimits.MAX_LENGTH, message = "must be at most " + PasswordLimits.MAX_LENGTH + " characters long")
        String password) {
}
