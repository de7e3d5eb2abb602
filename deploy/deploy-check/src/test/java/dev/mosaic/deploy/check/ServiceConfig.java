package dev.mosaic.deploy.check;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a service reads from the environment, from its application.properties as it is now (read at test
 * time, so the check follows the services as they grow):
 * <ul>
 *   <li>every {@code ${NAME}} / {@code ${NAME:default}} reference (required when it has no default);</li>
 *   <li>the environment form of every property key, in any profile ({@code FOO_BAR} overrides a
 *       {@code foo.bar} that SmallRye Config knows; this is how {@code MOSAIC_AUTH_CLIENTS_<ID>_SECRET}
 *       is known, through the key {@code mosaic.auth.clients.coordinator.secret});</li>
 *   <li>nothing else: no blanket {@code QUARKUS_*}, so a deploy file cannot set what nobody reads.</li>
 * </ul>
 */
record ServiceConfig(String name, Properties properties, Set<String> readable, Set<String> required) {
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z][A-Za-z0-9_]*)(:)?");

    static ServiceConfig of(String service) {
        Path file = Repo.root().resolve(service).resolve("src/main/resources/application.properties");
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<String> readable = new TreeSet<>();
        Set<String> required = new TreeSet<>();
        Matcher matcher = REFERENCE.matcher(text);
        while (matcher.find()) {
            readable.add(matcher.group(1));
            if (matcher.group(2) == null) {
                required.add(matcher.group(1));
            }
        }
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String key : properties.stringPropertyNames()) {
            readable.add(envName(key.startsWith("%") ? key.substring(key.indexOf('.') + 1) : key));
        }
        return new ServiceConfig(service, properties, readable, required);
    }

    static String envName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    /** The default of {@code ${MOSAIC_HTTP_PORT:NNNN}} in quarkus.http.port. */
    int port() {
        Matcher m = Pattern.compile("\\$\\{MOSAIC_HTTP_PORT:(\\d+)}").matcher(properties.getProperty("quarkus.http.port", ""));
        if (!m.matches()) {
            throw new AssertionError(name + ": quarkus.http.port is not ${MOSAIC_HTTP_PORT:<port>}: "
                    + properties.getProperty("quarkus.http.port"));
        }
        return Integer.parseInt(m.group(1));
    }

    /** /q/health/ready etc., honouring the non-application root and health root paths if configured. */
    String healthPath(String kind) {
        String nonApp = properties.getProperty("quarkus.http.non-application-root-path", "q").replaceAll("^/|/$", "");
        String health = properties.getProperty("quarkus.smallrye-health.root-path", "health").replaceAll("^/|/$", "");
        String sub = properties.getProperty("quarkus.smallrye-health." + kind + "-path", kind);
        return "/" + nonApp + "/" + health + "/" + sub;
    }

    /** The database name default in the JDBC URL: {@code ${MOSAIC_DB_NAME:mosaic_auth}}. */
    String databaseDefault() {
        Matcher m = Pattern.compile("\\$\\{MOSAIC_DB_NAME:([a-z_]+)}").matcher(properties.getProperty("quarkus.datasource.jdbc.url", ""));
        return m.find() ? m.group(1) : null;
    }
}
