package dev.mosaic.deploy.check;

import dev.mosaic.deploy.config.ServiceVariables;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A service's application.properties as it is now (read at test time, so the checks follow the
 * services as they grow), with the environment variables it reads ({@link ServiceVariables}).
 */
record ServiceConfig(String name, Properties properties, Set<String> readable, Set<String> required) {

    static ServiceConfig of(String service) {
        Path file = Repo.root().resolve(service).resolve("src/main/resources/application.properties");
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ServiceVariables variables = ServiceVariables.of(text);
        return new ServiceConfig(service, ServiceVariables.properties(text), variables.readable(), variables.required());
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
