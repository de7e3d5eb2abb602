package dev.mosaic.jobs;

import dev.mosaic.deploy.postgres.PostgresTestResource;
import dev.mosaic.jobs.support.AuthServiceTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;

/**
 * Every test of this module runs against one real PostgreSQL with the jobs-service database, and
 * a real auth-service that issues the tokens jobs-service verifies.
 */
@WithTestResource(value = PostgresTestResource.class, scope = TestResourceScope.GLOBAL,
        initArgs = @ResourceArg(name = "database", value = "mosaic_jobs"))
@WithTestResource(value = AuthServiceTestResource.class, scope = TestResourceScope.GLOBAL)
public final class PostgresForTests {
    private PostgresForTests() {
    }
}
