package dev.mosaic.shared.auth;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** {@code POST /api/auth/verify-email}: the token of the mailed link. */
public record VerifyEmailRequest(
        @NotBlank(message = "is required; use the link from the mail") @Size(max = 100) String token) {
}
