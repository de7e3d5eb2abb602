package dev.mosaic.auth;

import dev.mosaic.deploy.postgres.PostgresTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/** Every test of this module runs against one real PostgreSQL with the auth-service database. */
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "database", value = "mosaic_auth"))
public final class PostgresForTests {
    private PostgresForTests() {
    }
}
