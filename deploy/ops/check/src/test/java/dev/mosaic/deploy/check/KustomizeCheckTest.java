package dev.mosaic.deploy.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The Kustomize base deploy/ops/k8s/base, rendered, against what the services read and expose. */
class KustomizeCheckTest {
    private static final Path BASE = Repo.ops().resolve("k8s/base");

    private static List<ObjectNode> rendered() {
        return new Kustomize().render(BASE);
    }

    private static JsonNode find(List<ObjectNode> resources, String kind, String name) {
        return resources.stream()
                .filter(r -> kind.equals(r.path("kind").asText()) && name.equals(r.path("metadata").path("name").asText()))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " " + name + " in the rendered base"));
    }

    private static JsonNode container(List<ObjectNode> resources, String name) {
        JsonNode containers = find(resources, "Deployment", name).path("spec").path("template").path("spec").path("containers");
        assertEquals(1, containers.size(), name + ": one container");
        return containers.get(0);
    }

    /** Every variable the container gets, by name, with where it comes from. */
    private static Map<String, String> variables(List<ObjectNode> resources, JsonNode container) {
        Map<String, String> vars = new TreeMap<>();
        for (JsonNode env : container.path("env")) {
            vars.put(env.path("name").asText(), env.has("value") ? "value" : "valueFrom");
        }
        for (JsonNode from : container.path("envFrom")) {
            if (from.has("configMapRef")) {
                find(resources, "ConfigMap", from.path("configMapRef").path("name").asText())
                        .path("data").fieldNames().forEachRemaining(k -> vars.put(k, "configMap"));
            }
            if (from.has("secretRef")) {
                find(resources, "Secret", from.path("secretRef").path("name").asText())
                        .path("data").fieldNames().forEachRemaining(k -> vars.put(k, "secret"));
            }
        }
        return vars;
    }

    private static String configValue(List<ObjectNode> resources, JsonNode container, String key) {
        for (JsonNode from : container.path("envFrom")) {
            if (from.has("configMapRef")) {
                JsonNode value = find(resources, "ConfigMap", from.path("configMapRef").path("name").asText()).path("data").path(key);
                if (!value.isMissingNode()) {
                    return value.asText();
                }
            }
        }
        return null;
    }

    @ParameterizedTest
    @ValueSource(strings = {"auth-service", "jobs-service"})
    void setsOnlyVariablesTheServiceReadsAndAllItRequires(String name) {
        ServiceConfig config = ServiceConfig.of(name);
        List<ObjectNode> resources = rendered();
        Map<String, String> vars = variables(resources, container(resources, name));
        Set<String> unread = new TreeSet<>(vars.keySet());
        unread.removeAll(config.readable());
        assertTrue(unread.isEmpty(), name + ": the manifests set " + unread + ", which " + name + " never reads");
        Set<String> missing = new TreeSet<>(config.required());
        missing.removeAll(vars.keySet());
        assertTrue(missing.isEmpty(), name + " requires " + missing + ", the manifests do not set it");
    }

    @ParameterizedTest
    @ValueSource(strings = {"auth-service", "jobs-service"})
    void deploymentFitsTheServiceAndOps(String name) {
        ServiceConfig config = ServiceConfig.of(name);
        List<ObjectNode> resources = rendered();
        JsonNode deployment = find(resources, "Deployment", name);
        JsonNode pod = deployment.path("spec").path("template").path("spec");
        JsonNode container = container(resources, name);
        assertEquals(2, deployment.path("spec").path("replicas").asInt(), name + " replicas");

        int port = config.port();
        assertEquals(String.valueOf(port), configValue(resources, container, "MOSAIC_HTTP_PORT"), name + " MOSAIC_HTTP_PORT");
        assertEquals(port, container.path("ports").get(0).path("containerPort").asInt(), name + " containerPort");
        String portName = container.path("ports").get(0).path("name").asText();
        for (String[] probe : new String[][] {{"readinessProbe", "ready"}, {"livenessProbe", "live"}, {"startupProbe", "started"}}) {
            JsonNode get = container.path(probe[0]).path("httpGet");
            assertEquals(config.healthPath(probe[1]), get.path("path").asText(), name + " " + probe[0] + " path");
            String probePort = get.path("port").asText();
            assertTrue(probePort.equals(portName) || probePort.equals(String.valueOf(port)), name + " " + probe[0] + " port " + probePort);
        }

        for (String kind : List.of("requests", "limits")) {
            for (String resource : List.of("cpu", "memory")) {
                assertFalse(container.path("resources").path(kind).path(resource).isMissingNode(), name + " " + kind + "." + resource);
            }
        }
        assertTrue(pod.path("securityContext").path("runAsNonRoot").asBoolean(), name + " runAsNonRoot");
        assertTrue(container.path("securityContext").path("readOnlyRootFilesystem").asBoolean(), name + " readOnlyRootFilesystem");
        assertFalse(container.path("securityContext").path("allowPrivilegeEscalation").asBoolean(true), name + " no privilege escalation");
        String tmpVolume = null;
        for (JsonNode mount : container.path("volumeMounts")) {
            if ("/tmp".equals(mount.path("mountPath").asText())) {
                tmpVolume = mount.path("name").asText();
            }
        }
        assertNotNull(tmpVolume, name + " mounts a writable /tmp");
        boolean emptyDir = false;
        for (JsonNode volume : pod.path("volumes")) {
            emptyDir |= volume.path("name").asText().equals(tmpVolume) && volume.has("emptyDir");
        }
        assertTrue(emptyDir, name + " /tmp is an emptyDir");

        JsonNode service = find(resources, "Service", name);
        JsonNode labels = deployment.path("spec").path("template").path("metadata").path("labels");
        service.path("spec").path("selector").fields().forEachRemaining(e ->
                assertEquals(e.getValue(), labels.path(e.getKey()), name + " Service selects the pods"));
        JsonNode servicePort = service.path("spec").path("ports").get(0);
        assertEquals(port, servicePort.path("port").asInt(), name + " Service port");
        String target = servicePort.path("targetPort").asText();
        assertTrue(target.equals(portName) || target.equals(String.valueOf(port)), name + " Service targetPort " + target);
    }

    @Test
    void noSecretValueInPlainText() {
        List<String> problems = plainSecrets(rendered());
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    /** The check above catches what it must. */
    @Test
    void theSecretCheckCatchesPlainValues() {
        List<ObjectNode> bad = new ArrayList<>();
        Repo.yamlDocuments("""
                kind: ConfigMap
                metadata: {name: c}
                data: {MOSAIC_DB_PASSWORD: hunter2, MOSAIC_AUTH_PASSWORD_RESET_URL: https://example.com/reset}
                ---
                kind: Secret
                metadata: {name: s}
                data: {MOSAIC_DB_PASSWORD: aHVudGVyMg==, OTHER_SECRET: Q0hBTkdFX01F}
                ---
                kind: Deployment
                metadata: {name: d}
                spec: {template: {spec: {containers: [{name: x, env: [{name: MOSAIC_AUTH_KEY_ENCRYPTION_SECRET, value: abc}]}]}}}
                """).forEach(d -> bad.add((ObjectNode) d));
        assertEquals(List.of("ConfigMap c holds MOSAIC_DB_PASSWORD: secrets belong in a Secret",
                "Secret s.MOSAIC_DB_PASSWORD holds a value; the base keeps placeholders only (CHANGE_ME)",
                "Deployment d sets MOSAIC_AUTH_KEY_ENCRYPTION_SECRET as a plain value"), plainSecrets(bad));
    }

    static List<String> plainSecrets(List<ObjectNode> resources) {
        List<String> problems = new ArrayList<>();
        for (ObjectNode resource : resources) {
            String where = resource.path("kind").asText() + " " + resource.path("metadata").path("name").asText();
            switch (resource.path("kind").asText()) {
                case "ConfigMap" -> resource.path("data").fieldNames().forEachRemaining(key -> {
                    if (Repo.looksSecret(key)) {
                        problems.add(where + " holds " + key + ": secrets belong in a Secret");
                    }
                });
                case "Secret" -> Kustomize.secretValues(resource).forEach((key, value) -> {
                    if (!"CHANGE_ME".equals(value)) {
                        problems.add(where + "." + key + " holds a value; the base keeps placeholders only (CHANGE_ME)");
                    }
                });
                case "Deployment" -> resource.path("spec").path("template").path("spec").path("containers").forEach(c ->
                        c.path("env").forEach(env -> {
                            if (Repo.looksSecret(env.path("name").asText()) && env.has("value")) {
                                problems.add(where + " sets " + env.path("name").asText() + " as a plain value");
                            }
                        }));
                default -> { }
            }
        }
        return problems;
    }

    /** Where kubectl is installed: its rendering equals this check's (generated names without the hash). */
    @Test
    void matchesKubectlKustomizeWhereInstalled() throws Exception {
        String kubectl = onPath("kubectl");
        Assumptions.assumeTrue(kubectl != null,
                "kubectl is not installed here: the base was rendered by this check's own renderer only (Kustomize.java)");
        Process process = new ProcessBuilder(kubectl, "kustomize", BASE.toString()).redirectErrorStream(false).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String errors = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), "kubectl kustomize failed: " + errors);

        Kustomize own = new Kustomize();
        List<ObjectNode> mine = own.render(BASE);
        for (String generated : own.generatedNames) {
            output = output.replaceAll("\\b" + generated + "-[a-z0-9]{10}\\b", generated);
        }
        Map<String, JsonNode> theirs = new TreeMap<>();
        Repo.yamlDocuments(output).forEach(d -> theirs.put(d.path("kind").asText() + "/" + d.path("metadata").path("name").asText(), d));
        Map<String, JsonNode> ours = new TreeMap<>();
        mine.forEach(d -> ours.put(d.path("kind").asText() + "/" + d.path("metadata").path("name").asText(), d));
        assertEquals(theirs.keySet(), ours.keySet(), "the same resources");
        theirs.forEach((id, resource) -> assertEquals(resource, ours.get(id), id + " rendered alike"));
    }

    static String onPath(String command) throws IOException {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir, command);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }
}
