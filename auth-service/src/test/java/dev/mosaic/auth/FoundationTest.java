package dev.mosaic.auth;

import dev.mosaic.deploy.testing.ServiceFoundationContract;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class FoundationTest extends ServiceFoundationContract {
}
