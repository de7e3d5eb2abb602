package dev.mosaic.shared.auth;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * {@code POST /api/auth/verify-email}: the token of the mailed link, and for a sign-up's link the password that
 * sign-up chose (a link mailed to a signed-in person, {@code send-verification-email}, takes none).
 */
public record VerifyEmailRequest(
        @NotBlank(message = "is required; use the link from the mail") @Size(max = 100) String token,
        @Size(max = PasswordLimits.MAX_LENGTH, message = "must be at most " + PasswordLimits.MAX_LENGTH + " characters long")
        String password) {
}
