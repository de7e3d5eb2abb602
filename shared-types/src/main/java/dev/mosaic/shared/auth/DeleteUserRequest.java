package dev.mosaic.shared.auth;

import jakarta.validation.constraints.Size;

/**
 * {@code POST /api/auth/delete-user}: the caller's password, required when the account has one; without one
 * (single sign-on only) the session must be a recent sign-in instead, and {@code password} is left out.
 */
public record DeleteUserRequest(
        @Size(max = PasswordLimits.MAX_LENGTH, message = "must be at most " + PasswordLimits.MAX_LENGTH + " characters long")
        String password) {
}
