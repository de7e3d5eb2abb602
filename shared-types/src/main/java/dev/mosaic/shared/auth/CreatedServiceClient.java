package dev.mosaic.shared.auth;

import java.util.Set;

/** The new client; {@code clientSecret} is shown this once and only its hash is kept. */
public record CreatedServiceClient(String clientId, String clientSecret, String name, Set<String> roles) {
}
