package dev.mosaic.auth.client;

import dev.mosaic.auth.crypto.OpaqueTokens;
import dev.mosaic.auth.token.TokenRevocations;
import dev.mosaic.shared.auth.AuthUser;
import dev.mosaic.shared.auth.CreateServiceClientRequest;
import dev.mosaic.shared.auth.CreatedServiceClient;
import dev.mosaic.shared.auth.Roles;
import dev.mosaic.shared.auth.RotatedServiceClientSecret;
import dev.mosaic.shared.auth.ServiceClientView;
import dev.mosaic.shared.problem.Problem;
import dev.mosaic.shared.problem.ProblemException;
import dev.mosaic.shared.problem.ProblemType;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Sort;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Machine clients: declared by configuration (registered at every start, and changed only there) or
 * created by an admin, who may list, delete and rotate the latter.
 */
@ApplicationScoped
public class ServiceClients {
    static final int MIN_CONFIGURED_SECRET_LENGTH = 32;
    private static final Set<String> KNOWN_ROLES = Set.of(Roles.USER, Roles.ADMIN, Roles.COORDINATOR);

    private final ConfiguredClients configured;
    private final ServiceClientConfig config;
    private final TokenRevocations revocations;

    ServiceClients(ConfiguredClients configured, ServiceClientConfig config, TokenRevocations revocations) {
        this.configured = configured;
        this.config = config;
        this.revocations = revocations;
    }

    void registerConfiguredClients(@Observes StartupEvent start) throws Throwable {
        List<ServiceClient> clients = configured.clients().entrySet().stream()
                .map(entry -> fromConfig(entry.getKey(), entry.getValue())).toList();
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> Multi.createFrom().iterable(clients)
                .onItem().transformToUniAndConcatenate(ServiceClient::upsert).collect().asList()));
    }

    static ServiceClient fromConfig(String clientId, ConfiguredClients.Client client) {
        if (isUserIdShaped(clientId)) {
            throw new IllegalStateException("Client id '" + clientId + "' is a UUID, the shape of user ids; "
                    + "choose another id for it");
        }
        if (client.secret().length() < MIN_CONFIGURED_SECRET_LENGTH) {
            throw new IllegalStateException("The secret of client '" + clientId + "' must be at least "
                    + MIN_CONFIGURED_SECRET_LENGTH + " random characters long");
        }
        Set<String> unknown = unknownRoles(client.roles());
        if (!unknown.isEmpty()) {
            throw new IllegalStateException("Client '" + clientId + "' has unknown roles " + unknown
                    + "; known are " + KNOWN_ROLES);
        }
        return ServiceClient.of(clientId, client.secret(), client.name().orElse(clientId), client.roles());
    }

    /** The secret is made here and returned this once. */
    @WithTransaction
    public Uni<CreatedServiceClient> create(CreateServiceClientRequest request) {
        if (isUserIdShaped(request.clientId())) {
            return Uni.createFrom().failure(invalid("clientId", "must not be a UUID: that is the shape of user ids",
                    "clientId '" + request.clientId() + "' is a UUID, and a token's subject must never be taken "
                            + "for a user's; choose another clientId."));
        }
        Set<String> unknown = unknownRoles(request.roles());
        if (!unknown.isEmpty()) {
            return Uni.createFrom().failure(invalid("roles", "must be some of " + KNOWN_ROLES,
                    "roles " + unknown + " are unknown; use some of " + KNOWN_ROLES));
        }
        String secret = OpaqueTokens.generate();
        String name = request.name() == null || request.name().isBlank() ? request.clientId() : request.name();
        ServiceClient client = ServiceClient.of(request.clientId(), secret, name, request.roles());
        return ServiceClient.<ServiceClient>findById(request.clientId()).chain(existing -> {
            if (existing != null) {
                return Uni.createFrom().failure(new ProblemException(ProblemType.CONFLICT,
                        "A client '" + request.clientId() + "' exists already; choose another clientId."));
            }
            return client.persist().map(saved -> new CreatedServiceClient(client.clientId, secret, client.name,
                    client.roleSet()));
        });
    }

    /** Every client, oldest first, without anything secret. */
    @WithSession
    public Uni<List<ServiceClientView>> list() {
        return ServiceClient.<ServiceClient>listAll(Sort.by("createdAt").and("clientId")).map(clients -> clients
                .stream().map(client -> new ServiceClientView(client.clientId, client.name, client.roleSet(),
                        client.createdAt, isConfigured(client.clientId)))
                .toList());
    }

    /** Access tokens the client holds already are revoked ({@link TokenRevocations}). */
    @WithTransaction
    public Uni<Void> delete(String clientId) {
        if (isConfigured(clientId)) {
            return Uni.createFrom().failure(new ProblemException(ProblemType.CONFLICT, "Client '" + clientId
                    + "' is declared by configuration (MOSAIC_AUTH_CLIENTS_<ID>_*) and would come back at the next "
                    + "start. Remove its variables and restart; then it can be deleted here."));
        }
        return ServiceClient.deleteById(clientId).chain(deleted -> {
            if (!deleted) {
                throw notFound(clientId);
            }
            return revocations.revokeClient(clientId);
        });
    }

    /**
     * A new secret, returned this once; the current one keeps working for the grace
     * period, and one from an earlier rotation stops at once. The row lock makes concurrent rotations
     * happen one after the other, so that no secret handed out is lost.
     */
    @WithTransaction
    public Uni<RotatedServiceClientSecret> rotateSecret(String clientId) {
        if (isConfigured(clientId)) {
            return Uni.createFrom().failure(new ProblemException(ProblemType.CONFLICT, "Client '" + clientId
                    + "' is declared by configuration (MOSAIC_AUTH_CLIENTS_<ID>_SECRET), which sets its secret again "
                    + "at every start. Put a new secret there and restart."));
        }
        return ServiceClient.<ServiceClient>findById(clientId, LockModeType.PESSIMISTIC_WRITE).map(client -> {
            if (client == null) {
                throw notFound(clientId);
            }
            String secret = OpaqueTokens.generate();
            Instant previousExpiresAt = Instant.now().plus(config.secretGrace());
            client.rotateSecret(secret, previousExpiresAt);
            return new RotatedServiceClientSecret(client.clientId, secret, previousExpiresAt);
        });
    }

    /** The client as a token subject, or null when the id is unknown or the secret is wrong. */
    @WithSession
    public Uni<AuthUser> authenticate(String clientId, String secret) {
        Instant now = Instant.now();
        return ServiceClient.<ServiceClient>findById(clientId).map(client -> {
            if (client == null || !client.accepts(secret, now)) {
                return null;
            }
            return new AuthUser(client.clientId, AuthUser.Kind.SERVICE, null, client.name, client.roleSet(), Set.of());
        });
    }

    private boolean isConfigured(String clientId) {
        return configured.clients().containsKey(clientId);
    }

    /**
     * A token's {@code sub} names a user (by a UUID) or a client, and whoever reads it (who created a job,
     * who acted) must never take one for the other: a client id must not parse as a UUID.
     */
    private static boolean isUserIdShaped(String clientId) {
        try {
            UUID.fromString(clientId);
            return true;
        } catch (IllegalArgumentException notAUuid) {
            return false;
        }
    }

    private static Set<String> unknownRoles(Set<String> roles) {
        return roles.stream().filter(role -> !KNOWN_ROLES.contains(role)).collect(Collectors.toSet());
    }

    private static ProblemException invalid(String field, String message, String detail) {
        return new ProblemException(Problem.of(ProblemType.VALIDATION_FAILED, detail,
                List.of(new Problem.FieldError(field, message))));
    }

    private static ProblemException notFound(String clientId) {
        return new ProblemException(ProblemType.NOT_FOUND,
                "There is no client '" + clientId + "'. List them with GET /api/auth/admin/service-clients.");
    }
}
