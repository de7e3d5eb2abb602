package dev.mosaic.jobs.coordinator;

import dev.mosaic.shared.availability.DatabaseOutage;
import dev.mosaic.jobs.job.JobQueue;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Takes back the jobs of coordinators that went silent. Every replica runs it; {@link JobQueue#expireLeases}
 * skips rows another replica has locked and re-checks expiry under its lock, so no job is taken back twice.
 * It is not the only way back: a claim takes over expired leases too.
 */
@ApplicationScoped
public class LeaseSweeper {
    private static final Logger LOG = Logger.getLogger(LeaseSweeper.class);
    private final JobQueue queue;
    private final LeaseConfig config;
    private volatile boolean stopping;

    public LeaseSweeper(JobQueue queue, LeaseConfig config) {
        this.queue = queue;
        this.config = config;
    }

    /** A sweep that meets the closing pool while the service stops has nothing to report. */
    void stop(@Observes ShutdownEvent stop) {
        stopping = true;
    }

    @Scheduled(every = "${mosaic.jobs.lease.sweep-every}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> sweep() {
        return queue.expireLeases(config.sweepBatch())
                .invoke(expired -> {
                    if (expired > 0) {
                        LOG.infof("Took back %d job(s) whose lease expired", expired);
                    }
                })
                .onFailure(failure -> !stopping).invoke(failure -> {
                    if (DatabaseOutage.isOutage(failure)) {
                        DatabaseOutage.report(failure);
                    } else {
                        LOG.warnf("Lease sweep failed, the next one retries: %s", failure.getMessage());
                    }
                })
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}
