package dev.mosaic.shared.auth;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Set;

/** {@code POST /api/auth/admin/service-clients}: an admin creates a machine credential. */
public record CreateServiceClientRequest(
        @NotBlank(message = "is required")
        @Pattern(regexp = "[a-z0-9][a-z0-9_-]{0,62}", message = "must be 1 to 63 lower-case letters, digits, '-' or '_'")
        String clientId,
        @Size(max = 200, message = "must be at most 200 characters long") String name,
        @NotEmpty(message = "must name at least one role") Set<@NotBlank String> roles) {
}
