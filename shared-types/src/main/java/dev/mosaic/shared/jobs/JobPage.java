package dev.mosaic.shared.jobs;

import java.util.List;

/**
 * One page of a job listing, newest first. {@code nextCursor} is opaque; pass it back as
 * {@code cursor} for the next page. It is null on the last page.
 */
public record JobPage(List<RunnerJob> items, String nextCursor) {
}
