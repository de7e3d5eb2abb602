package dev.mosaic.jobs.job;

import dev.mosaic.shared.problem.ProblemException;
import dev.mosaic.shared.problem.ProblemType;
import java.util.UUID;

/** No such job, or one of a workspace the caller does not belong to: the two look the same. */
public class JobNotFoundException extends ProblemException {
    public JobNotFoundException(UUID id) {
        super(ProblemType.NOT_FOUND, "There is no job " + id + ".");
    }
}
