package dev.mosaic.jobs.caller;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.jose4j.jwk.JsonWebKey;
import org.jose4j.jwk.JsonWebKeySet;
import org.jose4j.jwk.PublicJsonWebKey;
import org.jose4j.jwk.Use;
import org.jose4j.lang.JoseException;

/**
 * auth-service's public signing keys (its JWKS), held in memory so that verifying a token never waits
 * for I/O on the request path. Read at start, re-read in the background every {@code refresh-every}
 * (1 h), and when a token names a {@code kid} we do not hold (a rotated key), at most once every
 * {@code unknown-kid-refresh-every} (5 s): the requests that named it wait for the next such read without
 * holding a thread (at once, or when the interval since the last one has passed), and every other request
 * goes on with the keys held. A failed read keeps the keys held. Each key is held as smallrye-jwt's
 * verification rules ({@code mp.jwt.verify.*}: algorithm, issuer, audience, clock skew) bound to that key,
 * so verification applies exactly those rules.
 */
@ApplicationScoped
public class TokenKeys {
    private static final Logger LOG = Logger.getLogger(TokenKeys.class);

    /**
     * The keys of a read, by kid. A read that finds the same keys keeps the instance, so whatever was
     * verified against it stays valid; a changed JWKS (a key added or withdrawn) makes a new one.
     */
    public static final class KeySet {
        static final KeySet NONE = new KeySet(Map.of(), Map.of());

        private final Map<String, JWTAuthContextInfo> rulesByKid;
        private final Map<String, String> publicJwkByKid;

        private KeySet(Map<String, JWTAuthContextInfo> rulesByKid, Map<String, String> publicJwkByKid) {
            this.rulesByKid = rulesByKid;
            this.publicJwkByKid = publicJwkByKid;
        }

        /** The verification rules bound to the key {@code kid}, or null when this set has no such key. */
        JWTAuthContextInfo rulesFor(String kid) {
            return rulesByKid.get(kid);
        }
    }

    private final AuthServiceClient authService;
    private final String jwksUrl;
    private final JWTAuthContextInfo rules;
    private final Duration unknownKidRefreshEvery;
    private final MeterRegistry metrics;
    private volatile KeySet current = KeySet.NONE;
    private volatile boolean failing;
    private final SharedRead<KeySet> reads = new SharedRead<>();
    private Instant lastUnknownKidRead = Instant.EPOCH; // guarded by this
    /** The read for unknown kids that the interval holds back: one, shared by every request waiting for it. */
    private final SharedRead<KeySet> heldBack = new SharedRead<>();

    TokenKeys(AuthServiceClient authService, JWTAuthContextInfo rules, MeterRegistry metrics,
            @ConfigProperty(name = "mp.jwt.verify.publickey.location") String jwksUrl,
            @ConfigProperty(name = "mosaic.jobs.jwks.unknown-kid-refresh-every") Duration unknownKidRefreshEvery) {
        this.rules = rules;
        this.jwksUrl = jwksUrl;
        this.unknownKidRefreshEvery = unknownKidRefreshEvery;
        this.metrics = metrics;
        this.authService = authService;
    }

    /**
     * Started at start and not waited for: the start goes on meanwhile, and the first requests, should
     * they come before it ends, wait for this same read ({@link #afterUnknownKid}) without holding a
     * thread. When auth-service does not answer, the first token naming a kid reads again.
     */
    void readAtStart(@Observes StartupEvent start) {
        read("start");
    }

    @Scheduled(every = "${mosaic.jobs.jwks.refresh-every}", delayed = "${mosaic.jobs.jwks.refresh-every}")
    Uni<Void> readPeriodically() {
        return read("schedule").replaceWithVoid();
    }

    /** The keys held now. */
    KeySet current() {
        return current;
    }

    /**
     * A token named a kid we do not hold: the keys after one more read. Requests arriving during a read
     * share it. Reads for unknown kids are at least {@code unknown-kid-refresh-every} apart (a flood of
     * made-up kids costs auth-service one read per interval), and a request that comes sooner waits for the
     * next one rather than being refused on the keys held: a key rotated just after such a read (made-up
     * kids, or an earlier rotation) is learned within the interval, and its tokens are not refused meanwhile.
     */
    synchronized Uni<KeySet> afterUnknownKid() {
        if (reads.underWay()) {
            return read("unknown-kid");
        }
        Instant now = Instant.now();
        Instant allowed = lastUnknownKidRead.plus(unknownKidRefreshEvery);
        if (heldBack.underWay() || now.isBefore(allowed)) {
            return heldBack.join(() -> Uni.createFrom().voidItem().onItem().delayIt().by(Duration.between(now, allowed))
                    .chain(this::readForUnknownKid));
        }
        return readForUnknownKid();
    }

    private synchronized Uni<KeySet> readForUnknownKid() {
        lastUnknownKidRead = Instant.now();
        return read("unknown-kid");
    }

    /** One read at a time ({@link SharedRead}). Never fails: a failed read keeps the keys held. */
    private Uni<KeySet> read(String trigger) {
        return reads.join(() -> authService.getJson(jwksUrl)
                .map(this::install)
                .invoke(() -> counted(trigger, "ok"))
                .onFailure().recoverWithItem(failure -> {
                    counted(trigger, "failed");
                    reportFailure(failure.toString());
                    return current;
                }));
    }

    private KeySet install(Buffer jwks) {
        KeySet read = parse(jwks.toString());
        if (!read.publicJwkByKid.equals(current.publicJwkByKid)) {
            LOG.infof("Token signing keys from %s: %s", jwksUrl, read.publicJwkByKid.keySet());
            current = read;
        }
        if (failing) {
            failing = false;
            LOG.infof("JWKS %s answers again", jwksUrl);
        }
        return current;
    }

    private KeySet parse(String jwks) {
        try {
            Map<String, JWTAuthContextInfo> rulesByKid = new HashMap<>();
            Map<String, String> publicJwkByKid = new HashMap<>();
            for (JsonWebKey key : new JsonWebKeySet(jwks).getJsonWebKeys()) {
                if (key instanceof PublicJsonWebKey publicKey && key.getKeyId() != null
                        && (key.getUse() == null || Use.SIGNATURE.equals(key.getUse()))) {
                    JWTAuthContextInfo keyRules = new JWTAuthContextInfo(rules);
                    keyRules.setPublicVerificationKey(publicKey.getPublicKey());
                    rulesByKid.put(key.getKeyId(), keyRules);
                    publicJwkByKid.put(key.getKeyId(), key.toJson(JsonWebKey.OutputControlLevel.PUBLIC_ONLY));
                }
            }
            return new KeySet(Map.copyOf(rulesByKid), Map.copyOf(publicJwkByKid));
        } catch (JoseException e) {
            throw new IllegalStateException("not a JWKS: " + e.getMessage(), e);
        }
    }

    private void counted(String trigger, String outcome) {
        metrics.counter("mosaic.jobs.jwks.reads", "trigger", trigger, "outcome", outcome).increment();
    }

    /** One line when the JWKS stops answering, not one per read. */
    private void reportFailure(String reason) {
        if (!failing) {
            failing = true;
            LOG.warnf("JWKS %s cannot be read (%s); going on with the keys held: %s", jwksUrl, reason,
                    current.publicJwkByKid.keySet());
        }
    }
}
