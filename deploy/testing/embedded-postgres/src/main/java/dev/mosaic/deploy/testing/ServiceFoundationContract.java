package dev.mosaic.deploy.testing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;

import org.junit.jupiter.api.Test;

/**
 * What every Mosaic service promises from its first day: it is ready only with its database
 * reachable and migrated, and it answers what it does not know with a problem, not a page.
 * Each service's {@code FoundationTest} extends this as a {@code @QuarkusTest}.
 */
public abstract class ServiceFoundationContract {

    @Test
    void isReadyWithTheDatabaseMigrated() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem(startsWith("Reactive PostgreSQL")));
    }

    @Test
    void anUnknownRouteIsA404Problem() {
        given().when().get("/api/no-such-thing")
                .then().statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404))
                .body("type", equalTo("urn:mosaic:problem:not-found"));
    }
}
