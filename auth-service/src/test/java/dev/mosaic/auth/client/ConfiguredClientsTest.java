package dev.mosaic.auth.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What a start accepts as a client declared by configuration. */
class ConfiguredClientsTest {
    private static final String SECRET = "a-configured-secret-0123456789abcdef";

    @Test
    void aClientIdShapedLikeAUserIdStopsTheStart() {
        String userIdShaped = UUID.randomUUID().toString();
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> ServiceClients.fromConfig(userIdShaped, client(SECRET)));
        assertTrue(refused.getMessage().contains(userIdShaped) && refused.getMessage().contains("UUID"),
                refused.getMessage());
    }

    @Test
    void anOrdinaryClientIdIsRegistered() {
        assertEquals("render-farm", ServiceClients.fromConfig("render-farm", client(SECRET)).clientId);
    }

    private static ConfiguredClients.Client client(String secret) {
        return new ConfiguredClients.Client() {
            @Override
            public String secret() {
                return secret;
            }

            @Override
            public Set<String> roles() {
                return Set.of("coordinator");
            }

            @Override
            public Optional<String> name() {
                return Optional.empty();
            }
        };
    }
}
