package dev.mosaic.deploy.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** deploy/ops/compose.yaml against what the services really read and expose. */
class ComposeCheckTest {

    @ParameterizedTest
    @ValueSource(strings = {"auth-service", "jobs-service"})
    void setsOnlyVariablesTheServiceReadsAndAllItRequires(String name) {
        ServiceConfig config = ServiceConfig.of(name);
        Map<String, String> env = Compose.environment(Compose.service(name));
        Set<String> unread = new TreeSet<>(env.keySet());
        unread.removeAll(config.readable());
        assertTrue(unread.isEmpty(), name + ": compose sets " + unread + ", which " + name
                + "'s application.properties never reads (it reads " + config.readable() + ")");
        Set<String> missing = new TreeSet<>(config.required());
        missing.removeAll(env.keySet());
        assertTrue(missing.isEmpty(), name + " requires " + missing + " (no default), compose does not set it");
    }

    @ParameterizedTest
    @ValueSource(strings = {"auth-service", "jobs-service"})
    void portsProbesAndStartOrderMatchTheService(String name) {
        ServiceConfig config = ServiceConfig.of(name);
        JsonNode service = Compose.service(name);
        int port = config.port();
        assertEquals(String.valueOf(port), Compose.environment(service).get("MOSAIC_HTTP_PORT"), name + " MOSAIC_HTTP_PORT");
        List<String> ports = new ArrayList<>();
        service.path("ports").forEach(p -> ports.add(p.asText()));
        assertEquals(List.of(port + ":" + port), ports, name + " published ports");
        List<String> test = new ArrayList<>();
        service.path("healthcheck").path("test").forEach(t -> test.add(t.asText()));
        assertEquals(List.of("CMD", "/work/healthcheck", "http://localhost:" + port + config.healthPath("ready")), test,
                name + " healthcheck");
        assertEquals("service_healthy", service.path("depends_on").path("postgres").path("condition").asText(),
                name + " starts after PostgreSQL is healthy");
        assertTrue(service.path("read_only").asBoolean(), name + " read-only root filesystem");
        assertTrue(service.path("tmpfs").toString().contains("/tmp"), name + " writable /tmp");
        Path context = Repo.ops().resolve(service.path("build").path("context").asText()).normalize();
        assertEquals(Repo.root(), context, name + " build context = repository root");
        Path dockerfile = context.resolve(service.path("build").path("dockerfile").asText());
        assertTrue(Files.isRegularFile(dockerfile), dockerfile + " exists");
    }

    /** jobs-service accepts only what auth-service issues: same issuer and audience, auth's own JWKS. */
    @Test
    void jobsTrustsWhatAuthIssues() {
        Map<String, String> auth = Compose.environment(Compose.service("auth-service"));
        Map<String, String> jobs = Compose.environment(Compose.service("jobs-service"));
        for (String key : List.of("MOSAIC_AUTH_ISSUER", "MOSAIC_AUTH_AUDIENCE", "MOSAIC_AUTH_TOKEN_ALGORITHM")) {
            if (ServiceConfig.of("jobs-service").readable().contains(key)) {
                assertEquals(auth.get(key), jobs.get(key), key + " of jobs-service = auth-service's");
            }
        }
        if (ServiceConfig.of("jobs-service").readable().contains("MOSAIC_AUTH_JWKS_URL")) {
            assertEquals("http://auth-service:" + ServiceConfig.of("auth-service").port() + "/api/auth/jwks",
                    jobs.get("MOSAIC_AUTH_JWKS_URL"), "jobs-service fetches auth-service's JWKS");
        }
    }

    @Test
    void noSecretIsAPlainLiteral() {
        List<String> problems = plainSecrets(Compose.file());
        assertTrue(problems.isEmpty(), "secrets must come from the untracked deploy/ops/.env as ${VAR:?...}: " + problems);
    }

    /** The check above catches what it must: literals and literal defaults, in map and list form. */
    @Test
    void theSecretCheckCatchesLiterals() {
        JsonNode bad = Repo.yamlDocuments("""
                services:
                  a:
                    environment:
                      MOSAIC_DB_PASSWORD: hunter2
                      MOSAIC_AUTH_KEY_ENCRYPTION_SECRET: ${MOSAIC_AUTH_KEY_ENCRYPTION_SECRET:-a-default-in-plain-text}
                      MOSAIC_AUTH_PASSWORD_RESET_URL: https://example.com/reset
                      MOSAIC_HTTP_PORT: "8081"
                  b:
                    environment:
                      - POSTGRES_PASSWORD=postgres
                      - OK_PASSWORD=${OK_PASSWORD:?set it}
                """).get(0);
        assertEquals(List.of("a.MOSAIC_DB_PASSWORD = hunter2",
                "a.MOSAIC_AUTH_KEY_ENCRYPTION_SECRET = ${MOSAIC_AUTH_KEY_ENCRYPTION_SECRET:-a-default-in-plain-text}",
                "b.POSTGRES_PASSWORD = postgres"), plainSecrets(bad));
    }

    static List<String> plainSecrets(JsonNode composeFile) {
        List<String> problems = new ArrayList<>();
        composeFile.path("services").fields().forEachRemaining(service ->
                Compose.environment(service.getValue()).forEach((key, value) -> {
                    if (Repo.looksSecret(key)) {
                        Matcher m = Compose.INTERPOLATION.matcher(value == null ? "" : value);
                        boolean onlyInterpolation = m.matches() && (m.group(3) == null || m.group(2).endsWith("?")
                                || m.group(3).isEmpty());
                        if (!onlyInterpolation) {
                            problems.add(service.getKey() + "." + key + " = " + value);
                        }
                    }
                }));
        return problems;
    }

    @Test
    void envExampleDeclaresEveryVariableWithPlaceholdersOnly() throws IOException {
        Map<String, String> example = Compose.envFile(Repo.ops().resolve(".env.example"));
        Set<String> used = new TreeSet<>();
        Compose.file().path("services").forEach(service -> Compose.environment(service).values().forEach(value -> {
            Matcher m = Compose.INTERPOLATION.matcher(value == null ? "" : value);
            while (m.find()) {
                used.add(m.group(1));
            }
        }));
        Set<String> undeclared = new TreeSet<>(used);
        undeclared.removeAll(example.keySet());
        assertTrue(undeclared.isEmpty(), ".env.example lacks " + undeclared);
        example.forEach((key, value) -> {
            if (Repo.looksSecret(key)) {
                assertTrue(value.isEmpty(), ".env.example must leave " + key + " empty (placeholder), not " + value);
            }
        });
        String ignored = Files.readString(Repo.ops().resolve(".gitignore"));
        assertTrue(ignored.lines().anyMatch(".env"::equals), "deploy/ops/.env is gitignored");
    }

    @Test
    void postgresMakesOneDatabaseAndRolePerService() throws IOException {
        JsonNode postgres = Compose.service("postgres");
        assertEquals("postgres:17", postgres.path("image").asText());
        assertFalse(postgres.path("healthcheck").isMissingNode(), "postgres healthcheck");
        String mount = null;
        for (JsonNode volume : postgres.path("volumes")) {
            if (volume.asText().contains("/docker-entrypoint-initdb.d/")) {
                mount = volume.asText();
            }
        }
        if (mount == null) {
            fail("no init script mounted into /docker-entrypoint-initdb.d/");
        }
        Path script = Repo.ops().resolve(mount.substring(0, mount.indexOf(':'))).normalize();
        String text = Files.readString(script);
        for (String name : List.of("auth-service", "jobs-service")) {
            Map<String, String> env = Compose.environment(Compose.service(name));
            assertEquals(env.get("MOSAIC_DB_NAME"), env.get("MOSAIC_DB_USER"), name + ": role and database share a name");
            assertEquals(ServiceConfig.of(name).databaseDefault(), env.get("MOSAIC_DB_NAME"), name + " database");
            assertTrue(text.contains("create " + env.get("MOSAIC_DB_NAME") + " "), script + " creates " + env.get("MOSAIC_DB_NAME"));
            // the password the service uses is the one the init script gives the role
            String passwordVar = env.get("MOSAIC_DB_PASSWORD").replaceAll("^\\$\\{([A-Z_]+).*", "$1");
            assertTrue(text.contains("create " + env.get("MOSAIC_DB_NAME") + " \"$" + passwordVar + "\""),
                    script + " gives " + env.get("MOSAIC_DB_NAME") + " the password " + passwordVar);
            assertTrue(Compose.environment(postgres).containsKey(passwordVar), "postgres gets " + passwordVar);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"auth-service", "jobs-service"})
    void dockerfilesExposeThePortAndRunAsNonRoot(String name) throws IOException {
        int port = ServiceConfig.of(name).port();
        for (String variant : List.of("Dockerfile.native", "Dockerfile.jvm")) {
            Path file = Repo.ops().resolve("docker").resolve(name).resolve(variant);
            List<String> lines = Files.readAllLines(file);
            assertTrue(lines.contains("EXPOSE " + port), file + " exposes " + port);
            String user = lines.stream().filter(l -> l.startsWith("USER ")).reduce((a, b) -> b).orElse("USER root");
            assertFalse(Set.of("USER root", "USER 0").contains(user), file + " runs as non-root: " + user);
            assertTrue(Files.isRegularFile(file.resolveSibling(variant + ".dockerignore")), file + ".dockerignore");
        }
        String nativeFile = Files.readString(Repo.ops().resolve("docker").resolve(name).resolve("Dockerfile.native"));
        assertTrue(nativeFile.contains("mandrel-builder-image") && nativeFile.contains("ubi9-quarkus-micro-image"), "Mandrel → micro");
        assertTrue(nativeFile.contains("-Pnative package") && nativeFile.contains("-pl " + name), "builds -Pnative " + name);
        assertTrue(Files.readString(Repo.root().resolve(name).resolve("pom.xml")).contains("<id>native</id>"),
                name + " has the native profile");
    }
}
