package dev.mosaic.shared.openapi;

import dev.mosaic.shared.problem.Problem;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiPredicate;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

/**
 * Completes the error answers of every operation, so that an endpoint declares only the errors that are its
 * own (409, 429, …). Both services register it as {@code mp.openapi.filter}; it runs when the document is built.
 * <ul>
 * <li>The answers that follow from an operation's shape are added where it does not declare them itself:
 * 400 and 503 everywhere; 401 where it needs credentials, 403 where it needs a role; 404 where its path names
 * something; 413 and 415 where it reads a JSON body; 412 with {@code If-Match}, 422 with {@code Idempotency-Key}.</li>
 * <li>Every 4xx and 5xx answer without content of its own is {@code application/problem+json} with the
 * {@code Problem} schema; one that declares its content (the OAuth token endpoint's RFC 6749 errors) keeps it.</li>
 * <li>429 and 503 carry {@code Retry-After}.</li>
 * </ul>
 * An operation marked {@value #ERRORS_BY_REDIRECT} (a browser navigation that reports every failure as a redirect)
 * gets none of the added answers.
 * The {@code Problem} schema itself comes from the record: each service names it in its {@code @OpenAPIDefinition}.
 */
public class ProblemResponsesFilter implements OASFilter {
    private static final String PROBLEM_SCHEMA = "Problem";
    private static final String RETRY_AFTER = "Retry-After";
    public static final String ERRORS_BY_REDIRECT = "x-errors-by-redirect";

    private record Rule(String status, String description, BiPredicate<String, Operation> appliesTo) {
    }

    private static final List<Rule> RULES = List.of(
            new Rule("400", "Malformed or invalid: a field, parameter or header breaks a rule, or the request holds a "
                    + "control character; `errors` lists what to fix.", (path, operation) -> true),
            new Rule("401", "No credentials, or invalid, expired or revoked ones.",
                    (path, operation) -> !requirements(operation).isEmpty()),
            new Rule("403", "The credentials lack the role this needs.",
                    (path, operation) -> requirements(operation).stream().anyMatch(requirement -> requirement
                            .getSchemes().values().stream().anyMatch(roles -> roles != null && !roles.isEmpty()))),
            new Rule("404", "Nothing with this id is visible to the caller.", (path, operation) -> path.contains("{")),
            new Rule("412", "`If-Match` names a version the resource no longer has: read it again.",
                    (path, operation) -> hasHeader(operation, "If-Match")),
            new Rule("413", "The body is over 1 MiB; the connection is closed.",
                    (path, operation) -> readsJson(operation)),
            new Rule("415", "The body is not `application/json`.", (path, operation) -> readsJson(operation)),
            new Rule("422", "This `Idempotency-Key` was used before with a different request.",
                    (path, operation) -> hasHeader(operation, "Idempotency-Key")),
            new Rule("503", "Not available for now (the database is unreachable, say): repeat after `Retry-After` "
                    + "seconds.", (path, operation) -> true));

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null || openAPI.getComponents().getSchemas() == null
                || !openAPI.getComponents().getSchemas().containsKey(PROBLEM_SCHEMA)) {
            throw new IllegalStateException("The OpenAPI document has no '" + PROBLEM_SCHEMA + "' schema: name "
                    + Problem.class.getName() + " in the service's @OpenAPIDefinition components");
        }
        openAPI.getComponents().addHeader(RETRY_AFTER, OASFactory.createHeader()
                .description("Seconds to wait before repeating the request.")
                .schema(OASFactory.createSchema().addType(Schema.SchemaType.INTEGER).minimum(BigDecimal.ZERO)));
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().forEach((path, item) -> item.getOperations().values()
                .forEach(operation -> complete(path, operation)));
    }

    private static void complete(String path, Operation operation) {
        if (operation.getResponses() == null) {
            operation.responses(OASFactory.createAPIResponses());
        }
        boolean byRedirect = operation.getExtensions() != null
                && operation.getExtensions().containsKey(ERRORS_BY_REDIRECT);
        for (Rule rule : byRedirect ? List.<Rule>of() : RULES) {
            if (rule.appliesTo().test(path, operation) && !operation.getResponses().hasAPIResponse(rule.status())) {
                operation.getResponses().addAPIResponse(rule.status(),
                        OASFactory.createAPIResponse().description(rule.description()));
            }
        }
        Map<String, APIResponse> byStatus = new TreeMap<>(operation.getResponses().getAPIResponses());
        byStatus.forEach((status, response) -> {
            if (response.getRef() != null) {
                // The scanner's default description ("OK") would override the referenced answer's own.
                response.setDescription(null);
            } else if (status.startsWith("4") || status.startsWith("5")) {
                asProblem(status, response);
            }
        });
        operation.getResponses().setAPIResponses(new LinkedHashMap<>(byStatus));
    }

    private static void asProblem(String status, APIResponse response) {
        if (response.getContent() == null || response.getContent().getMediaTypes() == null
                || response.getContent().getMediaTypes().isEmpty()) {
            response.content(OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE,
                    OASFactory.createMediaType().schema(OASFactory.createSchema().ref(PROBLEM_SCHEMA))));
        }
        if ((status.equals("429") || status.equals("503"))
                && (response.getHeaders() == null || !response.getHeaders().containsKey(RETRY_AFTER))) {
            response.addHeader(RETRY_AFTER, OASFactory.createHeader().ref(RETRY_AFTER));
        }
    }

    private static List<org.eclipse.microprofile.openapi.models.security.SecurityRequirement> requirements(
            Operation operation) {
        return operation.getSecurity() == null ? List.of() : operation.getSecurity().stream()
                .filter(requirement -> requirement.getSchemes() != null && !requirement.getSchemes().isEmpty())
                .toList();
    }

    /** A header parameter of that name, inline or as a reference to the component named after the header. */
    private static boolean hasHeader(Operation operation, String name) {
        List<Parameter> parameters = operation.getParameters();
        return parameters != null && parameters.stream().anyMatch(parameter -> parameter.getRef() != null
                ? parameter.getRef().endsWith("/" + name)
                : name.equalsIgnoreCase(parameter.getName()) && parameter.getIn() == Parameter.In.HEADER);
    }

    private static boolean readsJson(Operation operation) {
        return operation.getRequestBody() != null && operation.getRequestBody().getContent() != null
                && operation.getRequestBody().getContent().hasMediaType("application/json");
    }
}
