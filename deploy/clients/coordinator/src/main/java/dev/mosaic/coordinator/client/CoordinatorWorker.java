package dev.mosaic.coordinator.client;

import dev.mosaic.shared.jobs.ClaimRequest;
import dev.mosaic.shared.jobs.ClaimedJob;
import dev.mosaic.shared.jobs.JobLimits;
import dev.mosaic.shared.jobs.RunnerJob;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A coordinator's work loop on one thread: claim one job (waiting for one with a long poll), start it
 * (QUEUED → RUNNING), let the {@link JobHandler} do the work and report progress, then complete the job
 * with the handler's result, or fail it with the handler's exception. While the handler runs, a heartbeat
 * every third of the lease keeps the lease alive.
 *
 * <p>When the lease is lost (a write or a heartbeat answers {@code lease-lost}: the job was taken back
 * after the lease expired, or a user cancelled it) the worker abandons the job: it interrupts the handler,
 * writes nothing more to that job, and claims the next one.
 *
 * <p>{@link #close()} stops it as a crash would, as far as the service can tell: the heartbeats stop at
 * once, the handler is interrupted, and the job in hand is neither completed nor failed; its lease runs
 * out and another coordinator takes it over.
 */
public final class CoordinatorWorker implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(CoordinatorWorker.class.getName());
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    /** What {@link #runOnce()} did. */
    public enum Outcome {
        /** The claim found no job before its wait ran out. */
        NOTHING_CLAIMED,
        COMPLETED,
        /** The handler threw; the job is FAILED with its message. */
        FAILED,
        /** The lease was lost, the worker was closed, or the service refused a write: nothing more was written. */
        ABANDONED
    }

    /** The work of one job. */
    @FunctionalInterface
    public interface JobHandler {
        /**
         * Does the work and returns the job's result; throwing fails the job with the exception's message.
         * It should stop when its thread is interrupted: the lease is lost or the worker is closing, and
         * whatever it returns or throws then is not written.
         */
        Map<String, Object> run(HeldJob job) throws Exception;
    }

    /** The job a handler works on, as long as the worker holds its lease. */
    public interface HeldJob {
        /** The job as it was when it started running (as claimed, until then). */
        RunnerJob job();

        /**
         * Reports progress (which also extends the lease).
         *
         * @throws CoordinatorException.LeaseLost the job is no longer ours; once that is known, without asking again
         */
        void progress(int percent, String currentStep);
    }

    private final CoordinatorClient coordinator;
    private final JobHandler handler;
    private final ClaimRequest claim;
    private final Duration heartbeatPeriod;
    private final ScheduledExecutorService heartbeats;
    private final Object lifecycle = new Object();
    private Thread loop;
    private Thread working;
    private volatile boolean closed;

    private CoordinatorWorker(Builder builder) {
        this.coordinator = builder.coordinator;
        this.handler = builder.handler;
        // One job at a time: a second one claimed together would sit idle while its lease runs.
        this.claim = new ClaimRequest(builder.types, 1, builder.leaseSeconds, builder.waitSeconds);
        this.heartbeatPeriod = Duration.ofMillis(builder.leaseSeconds * 1000L / 3);
        this.heartbeats = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "coordinator-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
    }

    public static Builder builder(CoordinatorClient coordinator, JobHandler handler) {
        return new Builder(coordinator, handler);
    }

    /** Runs {@link #runOnce()} over and over on a thread of its own until {@link #close()}. */
    public void start() {
        synchronized (lifecycle) {
            if (closed || loop != null) {
                throw new IllegalStateException(closed ? "closed" : "already started");
            }
            loop = new Thread(this::loop, "coordinator-worker");
            loop.start();
        }
    }

    private void loop() {
        int failuresInARow = 0;
        while (!closed) {
            try {
                runOnce();
                failuresInARow = 0;
            } catch (CoordinatorException.Refused | CoordinatorException.ClientAuthenticationFailed refused) {
                // The claim itself was refused (no coordinator role, a bad type, bad credentials): asking again cannot help.
                if (!closed) {
                    LOG.log(System.Logger.Level.ERROR, "The worker stops: " + refused.getMessage(), refused);
                }
                return;
            } catch (RuntimeException unavailable) {
                if (closed) {
                    return;
                }
                failuresInARow++;
                Duration pause = coordinator.backoff(failuresInARow);
                LOG.log(System.Logger.Level.WARNING, "No work this round (" + unavailable.getMessage() + "); trying again in "
                        + pause.toMillis() + " ms");
                try {
                    Thread.sleep(pause.toMillis());
                } catch (InterruptedException closing) {
                    return;
                }
            }
        }
    }

    /**
     * Claims one job and works it to its end; when the claim finds none, returns {@link Outcome#NOTHING_CLAIMED}.
     *
     * @throws CoordinatorException.RetriesExhausted the service stayed unreachable (for the claim, or for a
     *         write to the job in hand: then the heartbeats stop, and the job comes back when its lease runs out)
     * @throws CoordinatorException.Refused the claim was refused
     * @throws IllegalStateException the worker is closed
     */
    public Outcome runOnce() {
        synchronized (lifecycle) {
            if (closed) {
                throw new IllegalStateException("closed");
            }
            working = Thread.currentThread();
        }
        try {
            List<ClaimedJob> claimed = coordinator.claim(claim);
            return claimed.isEmpty() ? Outcome.NOTHING_CLAIMED : work(claimed.get(0));
        } finally {
            synchronized (lifecycle) {
                working = null;
            }
        }
    }

    private Outcome work(ClaimedJob claimed) {
        Holding held = new Holding(claimed, Thread.currentThread());
        ScheduledFuture<?> heartbeating;
        try {
            heartbeating = heartbeats.scheduleAtFixedRate(held::heartbeat, heartbeatPeriod.toMillis(),
                    heartbeatPeriod.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException closing) {
            return Outcome.ABANDONED;
        }
        try {
            held.job = held.write(lease -> coordinator.start(lease, null));
            Map<String, Object> result;
            try {
                result = held.runHandler();
            } catch (CoordinatorException.LeaseLost lost) {
                throw lost;
            } catch (Exception failure) {
                if (held.isLost() || closed) {
                    return abandoned(held, held.isLost() ? "its lease is lost" : "the worker is closing");
                }
                held.write(lease -> coordinator.fail(lease, describe(failure), Map.of("exception", failure.getClass().getName())));
                return Outcome.FAILED;
            }
            held.write(lease -> coordinator.complete(lease, result));
            return Outcome.COMPLETED;
        } catch (CoordinatorException.LeaseLost lost) {
            return abandoned(held, "its lease is lost (" + lost.currentStatus() + ", attempt " + lost.attempt() + ")");
        } catch (WorkerClosed closing) {
            return abandoned(held, "the worker is closing");
        } catch (CoordinatorException.Refused refused) {
            // Its lease runs out and the job goes back to PENDING (or FAILED after its maxAttempts).
            LOG.log(System.Logger.Level.ERROR, "Job " + held.lease.jobId() + ": " + refused.getMessage());
            return abandoned(held, "the service refused a write");
        } finally {
            heartbeating.cancel(false);
        }
    }

    private static Outcome abandoned(Holding held, String why) {
        LOG.log(System.Logger.Level.INFO, "Job " + held.lease.jobId() + " abandoned: " + why);
        return Outcome.ABANDONED;
    }

    private static String describe(Exception failure) {
        String text = failure.getMessage() == null || failure.getMessage().isBlank()
                ? failure.getClass().getSimpleName() : failure.getMessage();
        return text.length() > JobLimits.MAX_ERROR_LENGTH ? text.substring(0, JobLimits.MAX_ERROR_LENGTH) : text;
    }

    /**
     * Stops the worker as a crash would: no more heartbeats, the handler interrupted, no further write to
     * the job in hand. Returns once the worker's thread has ended (or after a bounded wait).
     */
    @Override
    public void close() {
        Thread running;
        synchronized (lifecycle) {
            if (closed) {
                return;
            }
            closed = true;
            running = loop;
            if (working != null) {
                working.interrupt();
            }
            if (running != null) {
                running.interrupt(); // also when it pauses between claims
            }
        }
        heartbeats.shutdownNow();
        try {
            if (running != null) {
                running.join(STOP_TIMEOUT.toMillis());
            }
            heartbeats.awaitTermination(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The worker was closed while it held a job: the job is left to its lease. */
    private static final class WorkerClosed extends RuntimeException {
        WorkerClosed() {
            super(null, null, false, false);
        }
    }

    /** One claimed job while the worker holds it: its lease, and whether that is known to be lost. */
    private final class Holding implements HeldJob {
        private final Lease lease;
        private final Thread worker;
        private volatile RunnerJob job;
        private volatile CoordinatorException.LeaseLost lost;
        private boolean handlerRunning;

        Holding(ClaimedJob claimed, Thread worker) {
            this.lease = Lease.of(claimed);
            this.job = claimed.job();
            this.worker = worker;
        }

        @Override
        public RunnerJob job() {
            return job;
        }

        @Override
        public void progress(int percent, String currentStep) {
            write(held -> coordinator.progress(held, percent, currentStep));
        }

        /** A write with the lease, unless the lease is known to be lost or the worker is closing. */
        RunnerJob write(Function<Lease, RunnerJob> call) {
            CoordinatorException.LeaseLost knownLost = lost;
            if (knownLost != null) {
                throw knownLost;
            }
            if (closed) {
                throw new WorkerClosed();
            }
            try {
                return call.apply(lease);
            } catch (CoordinatorException.LeaseLost e) {
                lose(e);
                throw e;
            }
        }

        Map<String, Object> runHandler() throws Exception {
            synchronized (this) {
                handlerRunning = true;
            }
            try {
                return handler.run(this);
            } finally {
                synchronized (this) {
                    handlerRunning = false;
                    // An interrupt that lose() meant for the handler must not hit the writes and claims after it.
                    Thread.interrupted();
                }
            }
        }

        void heartbeat() {
            if (lost != null) {
                return;
            }
            try {
                coordinator.heartbeat(lease);
            } catch (CoordinatorException.LeaseLost e) {
                lose(e);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "Heartbeat of job " + lease.jobId() + " failed, the next one tries again: "
                        + e.getMessage());
            }
        }

        boolean isLost() {
            return lost != null;
        }

        private synchronized void lose(CoordinatorException.LeaseLost e) {
            if (lost == null) {
                lost = e;
                if (handlerRunning) {
                    worker.interrupt();
                }
            }
        }
    }

    /** Settings of a {@link CoordinatorWorker}. */
    public static final class Builder {
        private final CoordinatorClient coordinator;
        private final JobHandler handler;
        private List<String> types;
        private int leaseSeconds = 60;
        private int waitSeconds = 20;

        private Builder(CoordinatorClient coordinator, JobHandler handler) {
            this.coordinator = Objects.requireNonNull(coordinator, "coordinator");
            this.handler = Objects.requireNonNull(handler, "handler");
        }

        /** Only jobs of these types (default: any type). */
        public Builder types(List<String> types) {
            this.types = List.copyOf(types);
            return this;
        }

        /**
         * The lease of each claim (default 60 s); at most the service's {@code MOSAIC_JOBS_LEASE_MAX_SECONDS}.
         * Heartbeats go every third of it.
         */
        public Builder leaseSeconds(int leaseSeconds) {
            if (leaseSeconds < 1) {
                throw new IllegalArgumentException("leaseSeconds must be at least 1");
            }
            this.leaseSeconds = leaseSeconds;
            return this;
        }

        /** How long one claim waits for a job (default 20 s, at most 30). */
        public Builder waitSeconds(int waitSeconds) {
            if (waitSeconds < 0 || waitSeconds > JobLimits.MAX_CLAIM_WAIT_SECONDS) {
                throw new IllegalArgumentException("waitSeconds must be 0 to " + JobLimits.MAX_CLAIM_WAIT_SECONDS);
            }
            this.waitSeconds = waitSeconds;
            return this;
        }

        public CoordinatorWorker build() {
            return new CoordinatorWorker(this);
        }
    }
}
