package dev.mosaic.jobs.idempotency;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mosaic.shared.auth.AuthUser;
import dev.mosaic.shared.jobs.RunnerJob;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Runs a mutating call once per key. Must be called inside the transaction of the change, so that
 * the remembered answer commits (or rolls back) with it. Claims share the keys and their table but
 * remember their jobs instead of an answer ({@code JobQueue}); a key of one kind sent for the other
 * never matches its request hash, so it is refused as reused.
 */
@ApplicationScoped
public class IdempotencyKeys {
    private static final TypeReference<Map<String, Object>> JSON_OBJECT = new TypeReference<>() {
    };
    private final ObjectMapper json;

    public IdempotencyKeys(ObjectMapper json) {
        this.json = json;
    }

    /** The remembered answer for {@code call}, or the answer of {@code work}, remembered. */
    public Uni<RunnerJob> replayOrRun(IdempotentCall call, Supplier<Uni<RunnerJob>> work) {
        if (call == null) {
            return work.get();
        }
        return IdempotencyRecordEntity.find(call.actor(), call.key()).flatMap(stored -> {
            if (stored == null) {
                return work.get().call(answer -> remember(call, answer));
            }
            if (!stored.requestHash.equals(call.requestHash())
                    || (call.jobId() != null && !stored.jobId.equals(call.jobId()))) {
                throw call.reused();
            }
            return Uni.createFrom().item(json.convertValue(stored.responseBody, RunnerJob.class));
        });
    }

    private Uni<IdempotencyRecordEntity> remember(IdempotentCall call, RunnerJob answer) {
        IdempotencyRecordEntity record = new IdempotencyRecordEntity();
        record.actor = call.actor();
        record.idempotencyKey = call.key();
        record.jobId = answer.id();
        record.requestHash = call.requestHash();
        record.responseBody = json.convertValue(answer, JSON_OBJECT);
        record.createdAt = Instant.now();
        return record.persist();
    }

    /**
     * The call that the request's {@code Idempotency-Key} header lines name, or null when the caller sent no key
     * (several are refused, {@link IdempotentCall#keyOf}); the body is serialised for the request hash only with a
     * key, so calls without one pay nothing.
     */
    public IdempotentCall call(List<String> keyHeaderLines, AuthUser caller, UUID jobId, String operation,
            Object body) {
        String key = IdempotentCall.keyOf(keyHeaderLines);
        return key == null ? null : IdempotentCall.of(key, caller.id(), jobId, operation, canonical(body));
    }

    private String canonical(Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("A request body that was read from JSON can be written as JSON", e);
        }
    }
}
