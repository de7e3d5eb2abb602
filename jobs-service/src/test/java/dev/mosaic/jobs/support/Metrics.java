package dev.mosaic.jobs.support;

import static io.restassured.RestAssured.given;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads one meter of {@code /q/metrics}, so a test can report the difference it caused or wait for a state. */
public final class Metrics {
    private Metrics() {
    }

    public static double counter(String name, String operation) {
        return counter(name, "operation", operation);
    }

    /** The counter {@code name} whose tags include each {@code tag=value} pair given, in any order (0 if none yet). */
    public static double counter(String name, String... tagsAndValues) {
        String text = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher matcher = Pattern.compile("^" + Pattern.quote(name) + "\\{([^}]*)} ([0-9.eE+-]+)$", Pattern.MULTILINE)
                .matcher(text);
        while (matcher.find()) {
            List<String> tags = List.of(matcher.group(1).split(","));
            boolean matches = true;
            for (int i = 0; i < tagsAndValues.length; i += 2) {
                matches &= tags.contains(tagsAndValues[i] + "=\"" + tagsAndValues[i + 1] + "\"");
            }
            if (matches) {
                return Double.parseDouble(matcher.group(2));
            }
        }
        return 0.0;
    }

    public static double gauge(String name) {
        String text = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher matcher = Pattern.compile("^" + Pattern.quote(name) + "(\\{[^}]*})? ([0-9.eE+-]+)$", Pattern.MULTILINE)
                .matcher(text);
        return matcher.find() ? Double.parseDouble(matcher.group(2)) : 0.0;
    }
}
