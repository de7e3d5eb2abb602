package dev.mosaic.deploy.check;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** deploy/ops/compose.yaml and the interpolation of its ${...} from an env file. */
final class Compose {
    /** ${NAME}, ${NAME:?message}, ${NAME?message}, ${NAME:-default}, ${NAME-default}. */
    static final Pattern INTERPOLATION = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[?-])([^}]*))?}");

    private Compose() {
    }

    static JsonNode file() {
        return Repo.yaml(Repo.ops().resolve("compose.yaml"));
    }

    static JsonNode service(String name) {
        JsonNode service = file().path("services").path(name);
        if (service.isMissingNode()) {
            throw new AssertionError("compose.yaml has no service " + name);
        }
        return service;
    }

    /** The environment of a compose service as written (map or list form), values uninterpolated. */
    static Map<String, String> environment(JsonNode service) {
        Map<String, String> env = new LinkedHashMap<>();
        JsonNode environment = service.path("environment");
        if (environment.isArray()) {
            for (JsonNode entry : environment) {
                String text = entry.asText();
                int eq = text.indexOf('=');
                env.put(eq < 0 ? text : text.substring(0, eq), eq < 0 ? null : text.substring(eq + 1));
            }
        } else {
            environment.fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().isNull() ? null : e.getValue().asText()));
        }
        return env;
    }

    /** Compose's interpolation, with the rules of the compose spec for the forms above. */
    static String interpolate(String value, Map<String, String> dotEnv) {
        Matcher m = INTERPOLATION.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            String op = m.group(2);
            String arg = m.group(3);
            String found = dotEnv.get(name);
            boolean emptyCounts = op != null && op.startsWith(":");
            boolean missing = found == null || (emptyCounts && found.isEmpty());
            String replacement;
            if (op == null) {
                replacement = found == null ? "" : found;
            } else if (op.endsWith("?")) {
                if (missing) {
                    throw new IllegalStateException("compose would refuse to start: " + name + ": " + arg);
                }
                replacement = found;
            } else {
                replacement = missing ? arg : found;
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    static Map<String, String> envFile(Path file) {
        Map<String, String> values = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                if (!line.isBlank() && !line.trim().startsWith("#")) {
                    int eq = line.indexOf('=');
                    values.put(line.substring(0, eq).trim(), line.substring(eq + 1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return values;
    }
}
