package dev.mosaic.jobs.support;

import static io.restassured.RestAssured.given;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads one meter of {@code /q/metrics}, so a test can report the difference it caused or wait for a state. */
public final class Metrics {
    private Metrics() {
    }

    public static double counter(String name, String operation) {
        String text = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher matcher = Pattern.compile("^" + Pattern.quote(name) + "\\{[^}]*operation=\"" + Pattern.quote(operation)
                + "\"[^}]*} ([0-9.eE+-]+)$", Pattern.MULTILINE).matcher(text);
        return matcher.find() ? Double.parseDouble(matcher.group(1)) : 0.0;
    }

    public static double gauge(String name) {
        String text = given().get("/q/metrics").then().statusCode(200).extract().asString();
        Matcher matcher = Pattern.compile("^" + Pattern.quote(name) + "(\\{[^}]*})? ([0-9.eE+-]+)$", Pattern.MULTILINE)
                .matcher(text);
        return matcher.find() ? Double.parseDouble(matcher.group(2)) : 0.0;
    }
}
