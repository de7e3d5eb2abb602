package dev.mosaic.deploy.localstack;

import dev.mosaic.deploy.config.ServiceVariables;
import dev.mosaic.deploy.postgres.EmbeddedPostgresServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

/**
 * The environment of one service in the local stack: nothing inherited from the launcher's shell
 * except what a JVM needs to run (PATH, HOME, locale, TMPDIR), then only variables that the built
 * service really reads ({@code ${NAME}} references in the {@code application.properties} packed into
 * its {@code quarkus-app}).
 */
final class ServiceEnvironment {
    static final String OVERRIDE_PREFIX = "MOSAIC_STACK_SET_";
    private static final Set<String> INHERITED = Set.of("PATH", "HOME", "USER", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "TMPDIR");

    private ServiceEnvironment() {
    }

    /**
     * What a built service reads from the environment, from the application.properties packed into it,
     * plus the two that Quarkus itself reads before any property file.
     */
    static ServiceVariables variables(Path quarkusApp) {
        return ServiceVariables.of(packagedProperties(quarkusApp)).alsoReading(Set.of("QUARKUS_PROFILE", "QUARKUS_HTTP_HOST"));
    }

    static String packagedProperties(Path quarkusApp) {
        Path appDir = quarkusApp.resolve("app");
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(appDir, "*.jar")) {
            for (Path jar : jars) {
                try (JarFile file = new JarFile(jar.toFile())) {
                    ZipEntry entry = file.getEntry("application.properties");
                    if (entry != null) {
                        try (InputStream in = file.getInputStream(entry)) {
                            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new StackException("Cannot read the packaged application.properties in " + appDir, e);
        }
        throw new StackException("No application.properties in " + appDir);
    }

    /**
     * @param values the stack's values (ports, database, dev settings, dev secrets); each one is set only
     *               when the built service reads it, so the service never gets a variable it ignores
     */
    static Map<String, String> build(Service service, StackConfig config, ServiceVariables variables, Map<String, String> values) {
        Map<String, String> env = new LinkedHashMap<>();
        System.getenv().forEach((name, value) -> {
            if (INHERITED.contains(name)) {
                env.put(name, value);
            }
        });
        Map<String, String> wanted = new LinkedHashMap<>();
        wanted.put("QUARKUS_PROFILE", "prod");
        wanted.put("QUARKUS_HTTP_HOST", config.host());
        wanted.put("MOSAIC_HTTP_PORT", Integer.toString(service.port(config)));
        wanted.put("MOSAIC_DB_HOST", "localhost");
        wanted.put("MOSAIC_DB_PORT", Integer.toString(config.dbPort()));
        wanted.put("MOSAIC_DB_NAME", service.database());
        wanted.put("MOSAIC_DB_USER", EmbeddedPostgresServer.USER);
        wanted.put("MOSAIC_DB_PASSWORD", EmbeddedPostgresServer.PASSWORD);
        wanted.putAll(values);
        wanted.forEach((name, value) -> {
            if (variables.reads(name)) {
                env.put(name, value);
            }
        });
        Set<String> missing = new TreeSet<>(variables.required());
        missing.removeAll(env.keySet());
        if (!missing.isEmpty()) {
            throw new StackException(service.directory() + " requires " + missing
                    + " (no default in its application.properties) and the local stack has no dev value for it:"
                    + " teach dev.mosaic.deploy.localstack.LocalStack#devValues about it");
        }
        return env;
    }

    /**
     * Values asked for by name in the launcher's environment: {@code MOSAIC_STACK_SET_<NAME>=value} sets
     * {@code NAME} for the services that read it, over the stack's own value (the benchmark raises a limit
     * this way). Only so: nothing else of the launcher's environment reaches a service.
     */
    static Map<String, String> overrides(Map<String, String> launcherEnv) {
        Map<String, String> result = new TreeMap<>();
        launcherEnv.forEach((name, value) -> {
            if (name.startsWith(OVERRIDE_PREFIX) && name.length() > OVERRIDE_PREFIX.length()) {
                result.put(name.substring(OVERRIDE_PREFIX.length()), value);
            }
        });
        return result;
    }

    /** A secret-looking name: a required one gets a random dev value. */
    static boolean looksSecret(String name) {
        return name.endsWith("_SECRET") || name.endsWith("_PASSWORD") || name.endsWith("_KEY");
    }

    /**
     * Random dev secrets, created once per state directory and kept in {@code dev-secrets.env} (mode 600):
     * the key-encryption secret must outlive a restart, or the signing keys kept in the database could no
     * longer be decrypted. Deleting the state directory resets data and secrets together.
     */
    static Map<String, String> devSecrets(Path file, Set<String> names) {
        Properties stored = new Properties();
        try {
            if (Files.exists(file)) {
                try (var reader = Files.newBufferedReader(file)) {
                    stored.load(reader);
                }
            }
            boolean changed = false;
            SecureRandom random = new SecureRandom();
            for (String name : names) {
                if (!stored.containsKey(name)) {
                    byte[] bytes = new byte[32];
                    random.nextBytes(bytes);
                    stored.setProperty(name, Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
                    changed = true;
                }
            }
            if (changed) {
                Files.createDirectories(file.getParent());
                if (!Files.exists(file)) {
                    Files.createFile(file);
                    try {
                        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
                    } catch (UnsupportedOperationException ignored) {
                        // not a POSIX file system
                    }
                }
                StringBuilder text = new StringBuilder(
                        "# Dev-only secrets of the local stack, generated at its first start. Never use them elsewhere.\n"
                                + "# Delete the whole state directory (data included) to start afresh.\n");
                new TreeMap<>(stored).forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
                Files.writeString(file, text);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot keep the dev secrets in " + file, e);
        }
        Map<String, String> result = new TreeMap<>();
        names.forEach(name -> result.put(name, stored.getProperty(name)));
        return result;
    }
}
