package dev.mosaic.shared.auth;

import java.util.UUID;

/** A workspace named in a problem, e.g. one that keeps {@code delete-user} from going ahead. */
public record OwnedWorkspace(UUID id, String name) {
}
