package dev.mosaic.shared.auth;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** {@code POST /api/auth/reset-password}: the token from the mailed link and the new password. */
public record ResetPasswordRequest(
        @NotBlank(message = "is required") @Size(max = 100) String token,
        @NotBlank(message = "is required")
        @Size(min = PasswordLimits.MIN_LENGTH, max = PasswordLimits.MAX_LENGTH, message = PasswordLimits.MESSAGE)
        String newPassword) {
}
