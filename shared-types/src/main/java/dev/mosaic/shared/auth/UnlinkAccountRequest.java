package dev.mosaic.shared.auth;

import dev.mosaic.shared.http.ControlCharacters;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * {@code POST /api/auth/unlink-account}: the provider ({@code credential}: the password), and the identity's
 * {@code accountId} when the caller has several at that provider.
 */
public record UnlinkAccountRequest(
        @NotBlank(message = "is required") @Size(max = 64)
        @Pattern(regexp = ControlCharacters.SINGLE_LINE, message = ControlCharacters.SINGLE_LINE_RULE) String providerId,
        @Size(max = 255)
        @Pattern(regexp = ControlCharacters.SINGLE_LINE, message = ControlCharacters.SINGLE_LINE_RULE) String accountId) {
}
