package dev.mosaic.shared.jobs;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The right of one coordinator to write to one job until {@code expiresAt}. {@code token} is
 * given out once, to the claimer, and must be sent as the {@value #HEADER} header with every
 * write to the job; each claim of a job makes a newer token (a fencing token), so a coordinator
 * whose lease was taken over can change nothing. It is null wherever the lease is only shown.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobLease(
        @Schema(description = "Only in a claim's answer: send it as `Mosaic-Lease` with every write to the job")
        String token,
        String holder,
        Instant expiresAt) {
    public static final String HEADER = "Mosaic-Lease";
}
