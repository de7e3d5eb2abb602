package dev.mosaic.deploy.check;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A deliberately small Kustomize renderer, for machines without kubectl: {@code resources} (files and
 * directories with their own kustomization), {@code configMapGenerator} and {@code secretGenerator}
 * ({@code literals}, {@code envs}), and {@code labels} (without selectors). Any other field fails the
 * rendering, so nothing is silently ignored. Generated names carry no hash suffix here; where kubectl
 * is installed, {@link KustomizeCheckTest} compares this rendering with {@code kubectl kustomize}.
 */
final class Kustomize {
    private static final Set<String> SUPPORTED = Set.of("apiVersion", "kind", "resources", "configMapGenerator",
            "secretGenerator", "labels");

    /** Names of the ConfigMaps and Secrets that generators made (kubectl adds a hash suffix to them). */
    final List<String> generatedNames = new ArrayList<>();

    List<ObjectNode> render(Path directory) {
        JsonNode kustomization = Repo.yaml(directory.resolve("kustomization.yaml"));
        for (Iterator<String> fields = kustomization.fieldNames(); fields.hasNext(); ) {
            String field = fields.next();
            if (!SUPPORTED.contains(field)) {
                throw new AssertionError(directory + "/kustomization.yaml uses '" + field
                        + "', which this check's renderer does not support: teach Kustomize.java, or check with kubectl");
            }
        }
        List<ObjectNode> resources = new ArrayList<>();
        for (JsonNode entry : kustomization.path("resources")) {
            Path path = directory.resolve(entry.asText()).normalize();
            if (Files.isDirectory(path)) {
                resources.addAll(render(path));
            } else {
                try {
                    for (JsonNode doc : Repo.yamlDocuments(Files.readString(path))) {
                        resources.add((ObjectNode) doc);
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        for (JsonNode generator : kustomization.path("configMapGenerator")) {
            resources.add(generate("ConfigMap", generator, directory, false));
        }
        for (JsonNode generator : kustomization.path("secretGenerator")) {
            resources.add(generate("Secret", generator, directory, true));
        }
        for (JsonNode label : kustomization.path("labels")) {
            if (label.path("includeSelectors").asBoolean(false)) {
                throw new AssertionError("labels with includeSelectors: not supported by this renderer");
            }
            for (ObjectNode resource : resources) {
                ObjectNode labels = resource.with("metadata").with("labels");
                label.path("pairs").fields().forEachRemaining(pair -> labels.set(pair.getKey(), pair.getValue()));
            }
        }
        return resources;
    }

    private ObjectNode generate(String kind, JsonNode generator, Path directory, boolean secret) {
        for (Iterator<String> fields = generator.fieldNames(); fields.hasNext(); ) {
            String field = fields.next();
            if (!Set.of("name", "literals", "envs").contains(field)) {
                throw new AssertionError(kind + " generator field '" + field + "' is not supported by this renderer");
            }
        }
        Map<String, String> data = new LinkedHashMap<>();
        for (JsonNode literal : generator.path("literals")) {
            String text = literal.asText();
            int eq = text.indexOf('=');
            data.put(text.substring(0, eq), text.substring(eq + 1));
        }
        for (JsonNode env : generator.path("envs")) {
            try {
                for (String line : Files.readAllLines(directory.resolve(env.asText()))) {
                    if (!line.isBlank() && !line.startsWith("#")) {
                        int eq = line.indexOf('=');
                        data.put(line.substring(0, eq), line.substring(eq + 1));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        String name = generator.path("name").asText();
        generatedNames.add(name);
        ObjectNode resource = Repo.YAML.createObjectNode();
        resource.put("apiVersion", "v1");
        resource.put("kind", kind);
        resource.with("metadata").put("name", name);
        ObjectNode dataNode = resource.with("data");
        data.forEach((k, v) -> dataNode.put(k, secret
                ? Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8)) : v));
        if (secret) {
            resource.put("type", "Opaque");
        }
        return resource;
    }

    /** Values of a rendered Secret, decoded. */
    static Map<String, String> secretValues(JsonNode secret) {
        Map<String, String> values = new LinkedHashMap<>();
        secret.path("data").fields().forEachRemaining(e -> values.put(e.getKey(),
                new String(Base64.getDecoder().decode(e.getValue().asText()), StandardCharsets.UTF_8)));
        secret.path("stringData").fields().forEachRemaining(e -> values.put(e.getKey(), e.getValue().asText()));
        return values;
    }
}
