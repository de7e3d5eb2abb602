package dev.mosaic.jobs;

import dev.mosaic.deploy.testing.OpenApiContract;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class OpenApiContractTest extends OpenApiContract {
    @Override
    protected String service() {
        return "jobs-service";
    }
}
