package dev.mosaic.auth.token;

import dev.mosaic.auth.crypto.CpuWork;
import dev.mosaic.auth.crypto.KeyEncryption;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * The keys that sign access tokens, kept in {@code jwks} so that every replica signs with the same
 * one. A replica re-reads which key signs every {@link #RECHECK}, so a rotation on one replica
 * reaches the others within that time.
 */
@ApplicationScoped
public class SigningKeys {
    static final Duration RECHECK = Duration.ofMinutes(1);
    /** Clock skew that verifiers commonly allow. */
    private static final Duration SKEW = Duration.ofMinutes(1);
    private static final Logger LOG = Logger.getLogger(SigningKeys.class);

    private final TokenConfig config;
    private final KeyEncryption encryption;
    private final CpuWork cpu;
    private final AtomicReference<ActiveKey> active = new AtomicReference<>();

    SigningKeys(TokenConfig config, KeyEncryption encryption, CpuWork cpu) {
        this.config = config;
        this.encryption = encryption;
        this.cpu = cpu;
    }

    /** The key that signs now, with its decrypted private part. */
    record ActiveKey(String kid, SigningAlgorithm algorithm, PrivateKey privateKey, Instant checkedAt) {
    }

    void makeSigningKeyAtFirstStart(@Observes StartupEvent start) throws Throwable {
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> SigningKey.findSigning()
                .chain(signing -> {
                    if (signing == null) {
                        return insertNewKey();
                    }
                    if (signing.signingAlgorithm() != config.algorithm()) {
                        LOG.infof("Signing key %s is %s but %s is configured: rotating", signing.id,
                                signing.algorithm, config.algorithm().jwsName());
                        return rotateInTransaction();
                    }
                    return Uni.createFrom().voidItem();
                })));
    }

    /** Makes a new signing key; the old one stays in the JWKS until the tokens it signed have expired. */
    public Uni<String> rotate() {
        return Panache.withTransaction(this::rotateInTransaction)
                .chain(() -> Panache.withSession(SigningKey::findSigning))
                .invoke(() -> active.set(null))
                .map(signing -> signing.id);
    }

    private Uni<Void> rotateInTransaction() {
        Instant now = Instant.now();
        Instant publishedUntil = now.plus(config.lifetime()).plus(RECHECK).plus(SKEW);
        return SigningKey.retireSigning(now, publishedUntil).chain(this::insertNewKey);
    }

    /** Generated and encrypted off the event loop: at the first start the encryption key may still be derived. */
    private Uni<Void> insertNewKey() {
        String kid = UUID.randomUUID().toString();
        SigningAlgorithm algorithm = config.algorithm();
        return cpu.offTheEventLoop(() -> {
                    KeyPair pair = algorithm.generate();
                    byte[] privateKeyEncrypted = encryption.encrypt(pair.getPrivate().getEncoded(), kid);
                    return new NewKey(pair.getPublic().getEncoded(), privateKeyEncrypted);
                })
                .chain(key -> SigningKey.insertIfNoneSigns(kid, algorithm, key.publicKey(), key.privateKeyEncrypted()))
                .invoke(inserted -> {
                    if (inserted) {
                        LOG.infof("New %s signing key %s", algorithm.jwsName(), kid);
                    }
                })
                .replaceWithVoid();
    }

    private record NewKey(byte[] publicKey, byte[] privateKeyEncrypted) {
    }

    Uni<ActiveKey> signingKey() {
        ActiveKey cached = active.get();
        Instant now = Instant.now();
        if (cached != null && cached.checkedAt().plus(RECHECK).isAfter(now)) {
            return Uni.createFrom().item(cached);
        }
        return Panache.withSession(SigningKey::findSigning).map(signing -> {
            if (signing == null) {
                throw new IllegalStateException("No signing key in jwks; it is made at start");
            }
            ActiveKey fresh = cached != null && cached.kid().equals(signing.id)
                    ? new ActiveKey(cached.kid(), cached.algorithm(), cached.privateKey(), now)
                    : new ActiveKey(signing.id, signing.signingAlgorithm(), signing.signingAlgorithm()
                            .privateKey(encryption.decrypt(signing.privateKeyEncrypted, signing.id)), now);
            active.set(fresh);
            return fresh;
        });
    }

    /** The signing key and the retired keys whose tokens may still be valid. */
    Uni<List<SigningKey>> published() {
        return Panache.withSession(() -> SigningKey.listPublished(Instant.now()));
    }
}
