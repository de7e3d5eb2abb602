package dev.mosaic.shared.auth;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** {@code POST /api/auth/sign-up/email}. */
public record SignUpRequest(
        @NotBlank(message = "is required") @Email(message = "must be an email address") @Size(max = 254) String email,
        @NotBlank(message = "is required")
        @Size(min = PasswordLimits.MIN_LENGTH, max = PasswordLimits.MAX_LENGTH, message = PasswordLimits.MESSAGE)
        String password,
        @NotBlank(message = "is required") @Size(max = 200, message = "must be at most 200 characters long") String name) {
}
