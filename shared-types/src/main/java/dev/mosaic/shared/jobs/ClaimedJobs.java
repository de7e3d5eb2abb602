package dev.mosaic.shared.jobs;

import java.util.List;

/** The answer to a claim: the jobs now held by the caller, highest priority first; possibly none. */
public record ClaimedJobs(List<ClaimedJob> jobs) {
}
