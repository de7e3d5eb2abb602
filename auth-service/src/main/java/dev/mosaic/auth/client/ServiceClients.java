package dev.mosaic.auth.client;

import dev.mosaic.auth.crypto.OpaqueTokens;
import dev.mosaic.shared.auth.AuthUser;
import dev.mosaic.shared.auth.CreateServiceClientRequest;
import dev.mosaic.shared.auth.CreatedServiceClient;
import dev.mosaic.shared.auth.Roles;
import dev.mosaic.shared.problem.Problem;
import dev.mosaic.shared.problem.ProblemException;
import dev.mosaic.shared.problem.ProblemType;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

@ApplicationScoped
public class ServiceClients {
    static final int MIN_CONFIGURED_SECRET_LENGTH = 32;
    private static final Set<String> KNOWN_ROLES = Set.of(Roles.USER, Roles.ADMIN, Roles.COORDINATOR);

    private final ConfiguredClients configured;

    ServiceClients(ConfiguredClients configured) {
        this.configured = configured;
    }

    void registerConfiguredClients(@Observes StartupEvent start) throws Throwable {
        List<ServiceClient> clients = configured.clients().entrySet().stream().map(ServiceClients::fromConfig).toList();
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> Multi.createFrom().iterable(clients)
                .onItem().transformToUniAndConcatenate(ServiceClient::upsert).collect().asList()));
    }

    private static ServiceClient fromConfig(Map.Entry<String, ConfiguredClients.Client> entry) {
        String clientId = entry.getKey();
        ConfiguredClients.Client client = entry.getValue();
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

    /** Within a transaction. The secret is made here and returned this once. */
    public Uni<CreatedServiceClient> create(CreateServiceClientRequest request) {
        Set<String> unknown = unknownRoles(request.roles());
        if (!unknown.isEmpty()) {
            return Uni.createFrom().failure(new ProblemException(Problem.of(ProblemType.VALIDATION_FAILED,
                    "roles " + unknown + " are unknown; use some of " + KNOWN_ROLES,
                    List.of(new Problem.FieldError("roles", "must be some of " + KNOWN_ROLES)))));
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

    /** The client as a token subject, or null when the id is unknown or the secret is wrong. */
    public Uni<AuthUser> authenticate(String clientId, String secret) {
        byte[] presented = OpaqueTokens.sha256(secret);
        return Panache.withSession(() -> ServiceClient.<ServiceClient>findById(clientId)).map(client -> {
            if (client == null || !MessageDigest.isEqual(client.secretHash, presented)) {
                return null;
            }
            return new AuthUser(client.clientId, AuthUser.Kind.SERVICE, null, client.name, client.roleSet(), Set.of());
        });
    }

    private static Set<String> unknownRoles(Set<String> roles) {
        return roles.stream().filter(role -> !KNOWN_ROLES.contains(role)).collect(Collectors.toSet());
    }
}
