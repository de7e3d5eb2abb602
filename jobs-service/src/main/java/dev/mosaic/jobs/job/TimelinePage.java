package dev.mosaic.jobs.job;

import dev.mosaic.shared.jobs.JobEvent;
import java.util.List;

/** A page of a job's timeline, oldest first, and whether later events follow it. */
public record TimelinePage(List<JobEvent> events, boolean more) {
}
