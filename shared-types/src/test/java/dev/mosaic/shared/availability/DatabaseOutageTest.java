package dev.mosaic.shared.availability;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.channel.epoll.Epoll;
import io.netty.channel.unix.Errors;
import io.vertx.core.impl.NoStackTraceThrowable;
import java.io.IOException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

class DatabaseOutageTest {
    private static IOException raisedIn(String className) {
        IOException reset = new IOException("Connection reset by peer");
        reset.setStackTrace(new StackTraceElement[] {
                new StackTraceElement("sun.nio.ch.FileDispatcherImpl", "write0", null, -2),
                new StackTraceElement(className, "flush", null, 154) });
        return reset;
    }

    /** Seen in auth-service's DatabaseOutageTest: one request answered 500 while PostgreSQL went away. */
    @Test
    void aConnectionResetWhileTheDatabaseClientWritesIsAnOutage() {
        assertTrue(DatabaseOutage.isOutage(new CompletionException(raisedIn("io.vertx.pgclient.impl.codec.PgEncoder"))));
    }

    /** Seen in jobs-service's DatabaseOutageTest: a command on a connection that closed under it. */
    @Test
    void aCommandOnAConnectionThatClosedIsAnOutage() {
        assertTrue(DatabaseOutage.isOutage(new RuntimeException("org.hibernate.HibernateException", 
                new NoStackTraceThrowable("Connection is not active now, current status: CLOSED"))));
    }

    /**
     * Seen in auth-service's DatabaseOutageTest once the services ran on epoll: PostgreSQL reset the connection
     * while the event loop read from it (errno -104, ECONNRESET), raised in Netty's transport, so no database
     * client frame is on its stack.
     */
    @Test
    @EnabledOnOs(value = OS.LINUX, architectures = {"amd64", "aarch64"})
    void aConnectionResetSeenByTheEpollTransportIsAnOutage() {
        Epoll.ensureAvailability(); // loads the native library the exception's message is made with
        assertTrue(DatabaseOutage.isOutage(new CompletionException(
                new Errors.NativeIoException("recvAddress", -104))));
    }

    @Test
    void anIoExceptionOfAnythingElseIsNot() {
        assertFalse(DatabaseOutage.isOutage(raisedIn("com.fasterxml.jackson.core.json.UTF8StreamJsonParser")));
    }
}
