package dev.mosaic.shared.auth;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** {@code POST /api/auth/verify-email-change}: the token of the link mailed to the new address. */
public record VerifyEmailChangeRequest(
        @NotBlank(message = "is required; use the link from the mail") @Size(max = 100) String token) {
}
