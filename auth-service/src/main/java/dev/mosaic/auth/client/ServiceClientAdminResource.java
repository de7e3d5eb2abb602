package dev.mosaic.auth.client;

import dev.mosaic.auth.token.BearerTokens;
import dev.mosaic.shared.auth.CreateServiceClientRequest;
import dev.mosaic.shared.auth.CreatedServiceClient;
import dev.mosaic.shared.auth.Roles;
import dev.mosaic.shared.auth.RotatedServiceClientSecret;
import dev.mosaic.shared.auth.ServiceClientView;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.jboss.resteasy.reactive.RestResponse;

@Path("/api/auth/admin/service-clients")
public class ServiceClientAdminResource {
    private final ServiceClients clients;
    private final BearerTokens bearerTokens;

    ServiceClientAdminResource(ServiceClients clients, BearerTokens bearerTokens) {
        this.clients = clients;
        this.bearerTokens = bearerTokens;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @WithTransaction
    public Uni<RestResponse<CreatedServiceClient>> create(@Valid @NotNull CreateServiceClientRequest request,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return bearerTokens.requireRole(authorization, Roles.ADMIN)
                .chain(admin -> clients.create(request))
                .map(created -> RestResponse.ResponseBuilder.create(RestResponse.Status.CREATED, created)
                        .header(HttpHeaders.CACHE_CONTROL, "no-store").build());
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @WithSession
    public Uni<List<ServiceClientView>> list(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return bearerTokens.requireRole(authorization, Roles.ADMIN).chain(admin -> clients.list());
    }

    @DELETE
    @Path("/{clientId}")
    @WithTransaction
    public Uni<RestResponse<Void>> delete(@PathParam("clientId") String clientId,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return bearerTokens.requireRole(authorization, Roles.ADMIN)
                .chain(admin -> clients.delete(clientId))
                .map(deleted -> RestResponse.noContent());
    }

    @POST
    @Path("/{clientId}/rotate-secret")
    @Produces(MediaType.APPLICATION_JSON)
    @WithTransaction
    public Uni<RestResponse<RotatedServiceClientSecret>> rotateSecret(@PathParam("clientId") String clientId,
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return bearerTokens.requireRole(authorization, Roles.ADMIN)
                .chain(admin -> clients.rotateSecret(clientId))
                .map(rotated -> RestResponse.ResponseBuilder.ok(rotated)
                        .header(HttpHeaders.CACHE_CONTROL, "no-store").build());
    }
}
