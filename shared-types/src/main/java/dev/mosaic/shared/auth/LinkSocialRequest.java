package dev.mosaic.shared.auth;

import dev.mosaic.shared.http.ControlCharacters;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * {@code POST /api/auth/link-social}: the provider to link to the caller's account, the page of the SPA that the
 * browser comes back to ({@code callbackURL}, on an allowed origin; the first one when left out), and the caller's
 * password when the account has one (without one, the session must be a recent sign-in instead).
 */
public record LinkSocialRequest(
        @NotBlank(message = "is required") @Size(max = 64)
        @Pattern(regexp = ControlCharacters.SINGLE_LINE, message = ControlCharacters.SINGLE_LINE_RULE) String provider,
        @Size(max = 2048) String callbackURL,
        @Size(max = PasswordLimits.MAX_LENGTH, message = "must be at most " + PasswordLimits.MAX_LENGTH + " characters long")
        String password) {
}
