/**
 * What jobs-service's OpenAPI document (/q/openapi, committed as deploy/openapi/jobs-service.yaml) says once
 * rather than per endpoint: its tags, the bearer JWT, the headers of the concurrency contract, the answers
 * many operations share, and the problem schema of every error, which shared-types' {@code ProblemResponsesFilter}
 * attaches to the error answers. Title, description and version come from application.properties
 * ({@code quarkus.smallrye-openapi.info-*}), which override the {@code @Info} here.
 */
@OpenAPIDefinition(
        info = @Info(title = "Mosaic jobs-service", version = "see quarkus.smallrye-openapi.info-version"),
        tags = {
                @Tag(name = JobsServiceApi.RUNNER_JOBS, description = "People's jobs: create, read, list, cancel, retry "
                        + "(role `user`, in the workspaces of the token)"),
                @Tag(name = JobsServiceApi.LIVE_EVENTS, description = "Jobs as they change, as server-sent events"),
                @Tag(name = JobsServiceApi.COORDINATOR, description = "Claiming jobs and reporting on them under a "
                        + "lease (role `coordinator`, a client-credentials token)")},
        components = @Components(
                schemas = @Schema(name = "Problem", implementation = Problem.class),
                securitySchemes = @SecurityScheme(securitySchemeName = JobsServiceApi.ACCESS_TOKEN,
                        type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT",
                        description = "An access JWT from auth-service; the role each operation needs is listed with it"),
                parameters = {
                        @Parameter(name = JobsServiceApi.IF_MATCH, in = ParameterIn.HEADER,
                                schema = @Schema(type = SchemaType.STRING, examples = "\"7\""),
                                description = "The job's `ETag`: the change is made only if the job is still at "
                                        + "that version, else 412"),
                        @Parameter(name = JobsServiceApi.IDEMPOTENCY_KEY, in = ParameterIn.HEADER,
                                schema = @Schema(type = SchemaType.STRING, minLength = 1, maxLength = 255),
                                description = "Visible ASCII but the comma, sent once (several keys, as header "
                                        + "lines or a comma-separated list, are 400). A repeat with the same key and "
                                        + "request gets the first successful answer again, with no second effect (a "
                                        + "claim: the jobs it still holds, under new lease tokens); the same key with "
                                        + "another request is 422. Remembered for a day"),
                        @Parameter(name = JobsServiceApi.MOSAIC_LEASE, in = ParameterIn.HEADER, required = true,
                                schema = @Schema(type = SchemaType.STRING),
                                description = "The `token` of the claim's lease; without the live lease a write "
                                        + "is 409 `lease-lost`"),
                        @Parameter(name = JobsServiceApi.LAST_EVENT_ID, in = ParameterIn.HEADER,
                                schema = @Schema(type = SchemaType.STRING, pattern = "[0-9]+"),
                                description = "Resume after this event id (the `id` of an event, or an overflow's "
                                        + "`resumeFrom`)"),
                        @Parameter(name = JobsServiceApi.EVENTS_AFTER, in = ParameterIn.QUERY,
                                schema = @Schema(type = SchemaType.INTEGER, minimum = "0"),
                                description = "The events after this event id: the `id` of the last event of the page "
                                        + "before. Left out: from the first"),
                        @Parameter(name = JobsServiceApi.EVENTS_LIMIT, in = ParameterIn.QUERY,
                                schema = @Schema(type = SchemaType.INTEGER, minimum = "1",
                                        maximum = "" + JobLimits.MAX_EVENTS_PAGE,
                                        defaultValue = "" + JobLimits.MAX_EVENTS_PAGE),
                                description = "How many events at most")},
                headers = {
                        @Header(name = JobsServiceApi.ETAG, schema = @Schema(type = SchemaType.STRING),
                                description = "The job's `version`, quoted: send it as `If-Match`"),
                        @Header(name = JobsServiceApi.LOCATION, schema = @Schema(type = SchemaType.STRING),
                                description = "The new job's URL"),
                        @Header(name = JobsServiceApi.LINK, schema = @Schema(type = SchemaType.STRING),
                                description = "Only when later events follow: `<?after=<last id>&limit=<limit>>; "
                                        + "rel=\"next\"`, the next page relative to this request's URL")},
                responses = {
                        @APIResponse(name = JobsServiceApi.JOB, description = "The job",
                                headers = @Header(name = JobsServiceApi.ETAG, ref = JobsServiceApi.ETAG),
                                content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                        schema = @Schema(implementation = RunnerJob.class))),
                        @APIResponse(name = JobsServiceApi.CONFLICT, description = "`invalid-transition` (with "
                                + "`currentStatus`, `allowedNextStatuses`): the job's status does not allow this; "
                                + "`concurrent-update`: the job is busy, repeat after `Retry-After`; and for a "
                                + "coordinator's write `lease-lost` (with `currentStatus`, `attempt`): it no longer "
                                + "holds the job, so it stops working on it and does not repeat",
                                headers = @Header(name = JobsServiceApi.RETRY_AFTER, ref = JobsServiceApi.RETRY_AFTER),
                                content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem"))),
                        @APIResponse(name = JobsServiceApi.TOO_MANY_STREAMS, description = "`too-many-streams`: the "
                                + "caller already holds as many streams on this replica as one caller may; close one "
                                + "(one stream follows every workspace of the token), or repeat after `Retry-After`",
                                headers = @Header(name = JobsServiceApi.RETRY_AFTER, ref = JobsServiceApi.RETRY_AFTER),
                                content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(ref = "Problem"))),
                        @APIResponse(name = JobsServiceApi.TIMELINE, description = "A page of the job's "
                                + "timeline, oldest first; a `Link` to the next page when there is more",
                                headers = @Header(name = JobsServiceApi.LINK, ref = JobsServiceApi.LINK),
                                content = @Content(mediaType = MediaType.APPLICATION_JSON,
                                        schema = @Schema(type = SchemaType.ARRAY, implementation = JobEvent.class))),
                        @APIResponse(name = JobsServiceApi.EVENT_STREAM, description = "Server-sent events: first "
                                + "`event: ready`; then each change as `event: job-event`, `id: <event id>`, `data: "
                                + "JobChange`; `: keep-alive` comments when idle; `event: overflow` with `data: "
                                + "StreamPosition` for a reader too slow, after which the stream ends. It ends too when "
                                + "the token expires",
                                content = @Content(mediaType = MediaType.SERVER_SENT_EVENTS,
                                        schema = @Schema(description = "The `data` of an event",
                                                oneOf = {JobChange.class, StreamPosition.class})))}))
package dev.mosaic.jobs.openapi;

import dev.mosaic.shared.jobs.JobChange;
import dev.mosaic.shared.jobs.JobEvent;
import dev.mosaic.shared.jobs.JobLimits;
import dev.mosaic.shared.jobs.RunnerJob;
import dev.mosaic.shared.jobs.StreamPosition;
import dev.mosaic.shared.problem.Problem;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
