package dev.mosaic.jobs.live;

import dev.mosaic.shared.jobs.JobChange;
import dev.mosaic.shared.jobs.StreamPosition;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;

/** The messages of a live stream, as the README's "Live events" contract names them. */
final class SseMessages {
    static final String READY = "ready";
    static final String JOB_EVENT = "job-event";
    static final String OVERFLOW = "overflow";

    private final Sse sse;

    SseMessages(Sse sse) {
        this.sse = sse;
    }

    OutboundSseEvent ready(long position) {
        return position(READY, position);
    }

    OutboundSseEvent overflow(long position) {
        return position(OVERFLOW, position);
    }

    OutboundSseEvent change(JobChange change) {
        return sse.newEventBuilder().name(JOB_EVENT).id(Long.toString(change.event().id()))
                .mediaType(MediaType.APPLICATION_JSON_TYPE).data(JobChange.class, change).build();
    }

    OutboundSseEvent keepAlive() {
        return sse.newEventBuilder().comment("keep-alive").build();
    }

    private OutboundSseEvent position(String name, long position) {
        return sse.newEventBuilder().name(name).id(Long.toString(position))
                .mediaType(MediaType.APPLICATION_JSON_TYPE)
                .data(StreamPosition.class, new StreamPosition(position)).build();
    }
}
