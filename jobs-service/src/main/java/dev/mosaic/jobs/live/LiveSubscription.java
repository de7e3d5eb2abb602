package dev.mosaic.jobs.live;

import dev.mosaic.shared.jobs.JobChange;
import dev.mosaic.shared.jobs.RunnerJob;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.MultiEmitter;
import jakarta.ws.rs.sse.OutboundSseEvent;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * One open stream: first {@code ready}, then the events of its scope after its position that the feed
 * had already passed when it started (replayed from the table, page by page), then what the feed hands
 * it. Replay and live cannot overlap or leave a gap: the feed starts the stream at the id up to which it
 * has handed out events, the replay reads exactly up to that id, and the feed hands it only later ones.
 *
 * <p>Nothing is sent before the reader asked for it (the HTTP layer asks for the next message once the
 * last is written), so a reader that does not keep up makes events pile up here, at most
 * {@code capacity} of them. One more and the stream drops them, sends {@code overflow} with the id of the
 * last event it did send, and ends.
 */
final class LiveSubscription {
    /** Reads the replay: events of the stream's scope with {@code after < id <= upTo}, oldest first, at most {@code limit}. */
    interface Replay {
        Uni<List<JobChange>> read(long after, long upTo, int limit);
    }

    private static final int REPLAY_PAGE = 200;

    private final Predicate<RunnerJob> scope;
    private final Long requestedPosition;
    private final boolean replayWholeTimeline;
    private final Replay replay;
    private final int capacity;
    private final SseMessages messages;
    private final AtomicInteger draining = new AtomicInteger();
    private volatile MultiEmitter<? super OutboundSseEvent> emitter;
    private volatile Runnable onOverflow = () -> {
    };

    // All guarded by this.
    private boolean started;
    /** The id of the last event covered by what was sent: the resume point. */
    private long position;
    private long replayUpTo;
    private boolean readySent;
    private boolean replayDone;
    private boolean replayReading;
    private boolean heartbeatDue;
    private boolean overflowed;
    private boolean overflowSent;
    private boolean ending;
    private boolean completed;
    private final ArrayDeque<JobChange> replayed = new ArrayDeque<>();
    private final ArrayDeque<JobChange> live = new ArrayDeque<>();

    /**
     * @param requestedPosition   the client's {@code Last-Event-ID}, or null
     * @param replayWholeTimeline without a position, replay everything of the scope (a job's timeline)
     *                            rather than start from now
     */
    LiveSubscription(Predicate<RunnerJob> scope, Long requestedPosition, boolean replayWholeTimeline, Replay replay,
            int capacity, SseMessages messages) {
        this.scope = scope;
        this.requestedPosition = requestedPosition;
        this.replayWholeTimeline = replayWholeTimeline;
        this.replay = replay;
        this.capacity = capacity;
        this.messages = messages;
    }

    void attach(MultiEmitter<? super OutboundSseEvent> emitter, Runnable onOverflow) {
        this.emitter = emitter;
        this.onOverflow = onOverflow;
        emitter.onRequest(requested -> drain());
    }

    /** Called by the feed, once: it hands this stream every event after {@code feedPosition}. */
    synchronized void start(long feedPosition) {
        started = true;
        replayUpTo = feedPosition;
        position = requestedPosition != null ? requestedPosition : replayWholeTimeline ? 0 : feedPosition;
        replayDone = position >= feedPosition;
    }

    /** Events the feed read, oldest first; those of this stream's scope after its position are queued. */
    void offer(List<JobChange> changes) {
        boolean overflowedNow = false;
        synchronized (this) {
            for (JobChange change : changes) {
                if (overflowed || ending || change.event().id() <= Math.max(position, replayUpTo)
                        || !scope.test(change.job())) {
                    continue;
                }
                if (live.size() >= capacity) {
                    overflowed = true;
                    overflowedNow = true;
                    live.clear();
                    replayed.clear();
                    break;
                }
                live.addLast(change);
            }
        }
        if (overflowedNow) {
            onOverflow.run();
        }
        drain();
    }

    void heartbeat() {
        synchronized (this) {
            heartbeatDue = true;
        }
        drain();
    }

    /** Ends the stream after the message being written (the token expired); the client resumes from its position. */
    void end() {
        synchronized (this) {
            ending = true;
        }
        drain();
    }

    /** Overflowed, and the reader has not even taken the overflow message yet. */
    synchronized boolean stuck() {
        return overflowed && !completed;
    }

    /** Sends what the reader asked for; one thread at a time, the others leave their work to it. */
    void drain() {
        if (emitter == null || draining.getAndIncrement() != 0) {
            return;
        }
        do {
            while (!emitter.isCancelled() && emitter.requested() > 0) {
                OutboundSseEvent next = next();
                if (next == null) {
                    break;
                }
                emitter.emit(next);
            }
            if (finished()) {
                emitter.complete();
            }
            readMoreReplay();
        } while (draining.decrementAndGet() != 0);
    }

    private synchronized OutboundSseEvent next() {
        if (!started || completed || overflowSent) {
            return null;
        }
        if (!readySent) {
            readySent = true;
            return messages.ready(position);
        }
        if (overflowed) {
            overflowSent = true;
            return messages.overflow(position);
        }
        if (heartbeatDue) {
            heartbeatDue = false;
            return messages.keepAlive();
        }
        JobChange change = replayed.pollFirst();
        if (change == null && replayDone) {
            change = live.pollFirst();
        }
        if (change == null) {
            return null;
        }
        position = change.event().id();
        return messages.change(change);
    }

    private synchronized boolean finished() {
        if (completed || !(overflowSent || ending)) {
            return false;
        }
        completed = true;
        return true;
    }

    private void readMoreReplay() {
        long after;
        synchronized (this) {
            if (!started || replayDone || replayReading || !replayed.isEmpty() || overflowed || completed) {
                return;
            }
            replayReading = true;
            after = position;
        }
        replay.read(after, replayUpTo, REPLAY_PAGE).subscribe().with(page -> {
            synchronized (this) {
                replayReading = false;
                replayed.addAll(page);
                if (page.size() < REPLAY_PAGE) {
                    replayDone = true;
                }
            }
            drain();
        }, failure -> {
            synchronized (this) {
                replayReading = false;
                ending = true;
            }
            drain();
        });
    }
}
