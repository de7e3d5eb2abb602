package dev.mosaic.shared.auth;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** {@code POST /api/auth/change-password}: the password the caller has now, and the one they want. */
public record ChangePasswordRequest(
        @NotBlank(message = "is required")
        @Size(max = PasswordLimits.MAX_LENGTH, message = "must be at most " + PasswordLimits.MAX_LENGTH + " characters long")
        String currentPassword,
        @NotBlank(message = "is required")
        @Size(min = PasswordLimits.MIN_LENGTH, max = PasswordLimits.MAX_LENGTH, message = PasswordLimits.MESSAGE)
        String newPassword) {
}
