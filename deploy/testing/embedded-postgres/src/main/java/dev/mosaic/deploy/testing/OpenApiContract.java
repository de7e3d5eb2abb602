package dev.mosaic.deploy.testing;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document a service serves at {@code /q/openapi} is the one committed as
 * {@code deploy/openapi/<service>.yaml}: a change to an endpoint, a schema or a description fails here until the
 * committed contract says it too. Each service's {@code OpenApiContractTest} extends this as a {@code @QuarkusTest};
 * run with {@value #WRITE}{@code =true}, the same test writes the served document there instead of comparing.
 * <p>
 * Both are read as YAML trees, so member order and formatting do not count; array order does (parameters, enums,
 * security alternatives). Nothing that varies between runs is in the document: the services add no server URL.
 */
public abstract class OpenApiContract {
    public static final String WRITE = "mosaic.openapi.write";
    public static final String REGENERATE = "./mvnw -B package -pl auth-service,jobs-service -am "
            + "-Dtest=OpenApiContractTest -Dsurefire.failIfNoSpecifiedTests=false -D" + WRITE + "=true";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final int MOST_DIFFERENCES_SHOWN = 20;

    /** The service's module name, which names its document: {@code deploy/openapi/<service>.yaml}. */
    protected abstract String service();

    @Test
    void theServedDocumentIsTheCommittedOne() throws IOException {
        String served = given().accept("application/yaml").when().get("/q/openapi")
                .then().statusCode(200).extract().asString();
        // The tests run in the module's directory, a child of the repository's root.
        Path committed = Path.of("..", "deploy", "openapi", service() + ".yaml");
        if (Boolean.getBoolean(WRITE)) {
            Files.writeString(committed, served);
            return;
        }
        String regenerate = "Regenerate it (then review and commit the change): " + REGENERATE;
        assertTrue(Files.isRegularFile(committed), committed.toAbsolutePath().normalize() + " is missing. " + regenerate);
        List<String> differences = new ArrayList<>();
        compare("", YAML.readTree(committed.toFile()), YAML.readTree(served), differences);
        assertEquals(List.of(), differences.stream().limit(MOST_DIFFERENCES_SHOWN).toList(), "The OpenAPI document that "
                + service() + " serves differs from deploy/openapi/" + service() + ".yaml in " + differences.size()
                + " places (JSON pointers below). " + regenerate);
    }

    /** Appends the JSON pointer of every place where the two trees differ. */
    private static void compare(String pointer, JsonNode committed, JsonNode served, List<String> differences) {
        if (committed.isObject() && served.isObject()) {
            TreeSet<String> names = new TreeSet<>();
            committed.fieldNames().forEachRemaining(names::add);
            served.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                String member = pointer + "/" + name.replace("~", "~0").replace("/", "~1");
                if (!committed.has(name)) {
                    differences.add(member + " is new");
                } else if (!served.has(name)) {
                    differences.add(member + " is gone");
                } else {
                    compare(member, committed.get(name), served.get(name), differences);
                }
            }
        } else if (committed.isArray() && served.isArray() && committed.size() == served.size()) {
            Iterator<JsonNode> was = committed.elements();
            Iterator<JsonNode> is = served.elements();
            for (int index = 0; was.hasNext(); index++) {
                compare(pointer + "/" + index, was.next(), is.next(), differences);
            }
        } else if (!committed.equals(served)) {
            differences.add(pointer + ": " + brief(committed) + " is now " + brief(served));
        }
    }

    private static String brief(JsonNode node) {
        String text = node.toString();
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }
}
