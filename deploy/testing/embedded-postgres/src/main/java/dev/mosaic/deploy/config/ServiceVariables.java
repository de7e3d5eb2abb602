package dev.mosaic.deploy.config;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a service reads from the environment, judged from its {@code application.properties}:
 * <ul>
 *   <li>every {@code ${NAME}} / {@code ${NAME:default}} reference, required when it has no default;</li>
 *   <li>the environment form of every property key, in any profile ({@code FOO_BAR} overrides a
 *       {@code foo.bar} that SmallRye Config knows; this is how {@code MOSAIC_AUTH_CLIENTS_<ID>_SECRET}
 *       is known, through the key {@code mosaic.auth.clients.coordinator.secret});</li>
 *   <li>nothing else: no blanket {@code QUARKUS_*}, so nobody sets what the service never reads.</li>
 * </ul>
 * The local stack uses it to pass a service only what it reads; deploy-check to hold the deploy
 * files to the same rule.
 */
public record ServiceVariables(Set<String> required, Set<String> readable) {
    /** An environment-style reference, followed by its default or its end: not {@code ${some.property}}. */
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Z][A-Z0-9_]*)(:|})");

    public ServiceVariables {
        required = Set.copyOf(required);
        readable = Set.copyOf(readable);
    }

    public static ServiceVariables of(String applicationProperties) {
        Set<String> required = new TreeSet<>();
        Set<String> readable = new TreeSet<>();
        Matcher matcher = REFERENCE.matcher(applicationProperties);
        while (matcher.find()) {
            readable.add(matcher.group(1));
            if (matcher.group(2).equals("}")) {
                required.add(matcher.group(1));
            }
        }
        for (String key : properties(applicationProperties).stringPropertyNames()) {
            readable.add(envName(key.startsWith("%") ? key.substring(key.indexOf('.') + 1) : key));
        }
        return new ServiceVariables(required, readable);
    }

    public static Properties properties(String applicationProperties) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(applicationProperties));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    /** {@code foo.bar-baz} → {@code FOO_BAR_BAZ}, as SmallRye Config maps environment variables. */
    public static String envName(String property) {
        return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
    }

    public boolean reads(String name) {
        return readable.contains(name);
    }

    /** The same, also reading {@code more} (variables the runtime reads before any properties file). */
    public ServiceVariables alsoReading(Set<String> more) {
        Set<String> all = new TreeSet<>(readable);
        all.addAll(more);
        return new ServiceVariables(required, all);
    }
}
