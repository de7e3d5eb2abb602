package dev.mosaic.auth.client;

import dev.mosaic.auth.openapi.AuthServiceApi;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.Cancellable;

@Path("/api/auth/admin/service-clients")
@RolesAllowed(Roles.ADMIN)
@HttpAuthenticationMechanism(AccessTokenAuthentication.SCHEME)
@Tag(name = AuthServiceApi.ADMIN)
@SecurityRequirement(name = AuthServiceApi.ACCESS_TOKEN, scopes = Roles.ADMIN)
@Cancellable(false)
public class ServiceClientAdminResource {
    private final ServiceClients clients;

    ServiceClientAdminResource(ServiceClients clients) {
        this.clients = clients;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a machine client", description = "The secret is in this answer only.")
    @APIResponse(responseCode = "201", description = "Created, with its secret", content = @Content(
            mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = CreatedServiceClient.class)))
    @APIResponse(responseCode = "409", description = "A client with this id exists")
    public Uni<RestResponse<CreatedServiceClient>> create(@Valid @NotNull CreateServiceClientRequest request) {
        return clients.create(request)
                .map(created -> RestResponse.ResponseBuilder.create(RestResponse.Status.CREATED, created)
                        .header(HttpHeaders.CACHE_CONTROL, "no-store").build());
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The machine clients", description = "Never a secret.")
    public Uni<List<ServiceClientView>> list() {
        return clients.list();
    }

    @DELETE
    @Path("/{clientId}")
    @Operation(summary = "Delete a machine client", description = "Its grant fails from then on and its access "
            + "tokens are revoked.")
    @APIResponse(responseCode = "204", description = "Deleted")
    @APIResponse(responseCode = "409", description = "Declared by `MOSAIC_AUTH_CLIENTS_<ID>_*`: change it there")
    public Uni<RestResponse<Void>> delete(@PathParam("clientId") String clientId) {
        return clients.delete(clientId).map(deleted -> RestResponse.noContent());
    }

    @POST
    @Path("/{clientId}/rotate-secret")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Give a machine client a new secret", description = "The new secret is in this answer "
            + "only; the old one works until `previousSecretExpiresAt`.")
    @APIResponse(responseCode = "200", description = "The new secret")
    @APIResponse(responseCode = "409", description = "Declared by `MOSAIC_AUTH_CLIENTS_<ID>_*`: change it there")
    public Uni<RestResponse<RotatedServiceClientSecret>> rotateSecret(@PathParam("clientId") String clientId) {
        return clients.rotateSecret(clientId)
                .map(rotated -> RestResponse.ResponseBuilder.ok(rotated)
                        .header(HttpHeaders.CACHE_CONTROL, "no-store").build());
    }
}
