package dev.mosaic.shared.jobs;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One page of a job listing, newest first. {@code nextCursor} is opaque; pass it back as
 * {@code cursor} for the next page. It is null on the last page.
 */
public record JobPage(List<RunnerJob> items,
        @Schema(description = "Opaque; send as `cursor` for the next page. Absent on the last page") String nextCursor) {
}
