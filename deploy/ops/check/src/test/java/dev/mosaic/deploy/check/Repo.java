package dev.mosaic.deploy.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** The repository this check runs in, and YAML reading. */
final class Repo {
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    /** Names whose values are secrets: never a plain literal in a deploy file. */
    static final Pattern SECRET_NAME = Pattern.compile(".*(PASSWORD|PASSWD|SECRET|_KEY|TOKEN|CREDENTIALS?)");

    private Repo() {
    }

    static Path root() {
        String configured = System.getProperty("mosaic.root");
        for (Path dir = Path.of(configured != null ? configured : "").toAbsolutePath().normalize(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("mvnw")) && Files.isDirectory(dir.resolve("deploy/ops"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no repository root above " + configured);
    }

    /** What operators deploy: compose, images, Kustomize, the database init script. */
    static Path ops() {
        return root().resolve("deploy/ops");
    }

    static JsonNode yaml(Path file) {
        try {
            return YAML.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot parse " + file, e);
        }
    }

    /** Every document of a multi-document YAML file (or text). */
    static List<JsonNode> yamlDocuments(String text) {
        List<JsonNode> documents = new ArrayList<>();
        try (YAMLParser parser = ((YAMLFactory) YAML.getFactory()).createParser(text)) {
            var iterator = YAML.readValues(parser, JsonNode.class);
            while (iterator.hasNext()) {
                JsonNode node = iterator.next();
                if (node != null && !node.isNull() && !node.isMissingNode()) {
                    documents.add(node);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return documents;
    }

    static boolean looksSecret(String name) {
        return SECRET_NAME.matcher(name).matches();
    }
}
