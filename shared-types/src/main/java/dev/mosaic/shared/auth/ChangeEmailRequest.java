package dev.mosaic.shared.auth;

import dev.mosaic.shared.http.ControlCharacters;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * {@code POST /api/auth/change-email}: the address the caller wants, which counts once its mailed link is opened,
 * and the caller's password when the account has one (without one, the session must be a recent sign-in instead):
 * moving the account to another mailbox hands it to whoever reads that mailbox, so a session alone is not enough.
 */
public record ChangeEmailRequest(
        @NotBlank(message = "is required") @Email(message = "must be an email address") @Size(max = 254)
        @Pattern(regexp = ControlCharacters.SINGLE_LINE, message = ControlCharacters.SINGLE_LINE_RULE) String newEmail,
        @Size(max = PasswordLimits.MAX_LENGTH, message = "must be at most " + PasswordLimits.MAX_LENGTH + " characters long")
        String password) {
}
