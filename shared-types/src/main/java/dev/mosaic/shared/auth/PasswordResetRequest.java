package dev.mosaic.shared.auth;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** {@code POST /api/auth/request-password-reset}. */
public record PasswordResetRequest(@NotBlank(message = "is required") @Size(max = 254) String email) {
}
