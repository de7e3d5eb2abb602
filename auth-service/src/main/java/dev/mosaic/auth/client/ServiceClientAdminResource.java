package dev.mosaic.auth.client;

import dev.mosaic.auth.token.AccessTokenAuthentication;
import dev.mosaic.shared.auth.CreateServiceClientRequest;
import dev.mosaic.shared.auth.CreatedServiceClient;
import dev.mosaic.shared.auth.Roles;
import dev.mosaic.shared.auth.RotatedServiceClientSecret;
import dev.mosaic.shared.auth.ServiceClientView;
import io.quarkus.vertx.http.runtime.security.annotation.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.jboss.resteasy.reactive.RestResponse;

@Path("/api/auth/admin/service-clients")
@RolesAllowed(Roles.ADMIN)
@HttpAuthenticationMechanism(AccessTokenAuthentication.SCHEME)
public class ServiceClientAdminResource {
    private final ServiceClients clients;

    ServiceClientAdminResource(ServiceClients clients) {
        this.clients = clients;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<CreatedServiceClient>> create(@Valid @NotNull CreateServiceClientRequest request) {
        return clients.create(request)
                .map(created -> RestResponse.ResponseBuilder.create(RestResponse.Status.CREATED, created)
                        .header(HttpHeaders.CACHE_CONTROL, "no-store").build());
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<List<ServiceClientView>> list() {
        return clients.list();
    }

    @DELETE
    @Path("/{clientId}")
    public Uni<RestResponse<Void>> delete(@PathParam("clientId") String clientId) {
        return clients.delete(clientId).map(deleted -> RestResponse.noContent());
    }

    @POST
    @Path("/{clientId}/rotate-secret")
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<RestResponse<RotatedServiceClientSecret>> rotateSecret(@PathParam("clientId") String clientId) {
        return clients.rotateSecret(clientId)
                .map(rotated -> RestResponse.ResponseBuilder.ok(rotated)
                        .header(HttpHeaders.CACHE_CONTROL, "no-store").build());
    }
}
