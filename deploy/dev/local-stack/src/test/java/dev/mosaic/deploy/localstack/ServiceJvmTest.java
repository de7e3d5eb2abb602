package dev.mosaic.deploy.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServiceJvmTest {
    @TempDir
    Path root;

    private Path quarkusApp(String... archives) throws IOException {
        Path app = Files.createDirectories(root.resolve("auth-service/target/quarkus-app"));
        for (String archive : archives) {
            Files.writeString(app.resolve(archive), "archive");
        }
        return app;
    }

    @Test
    void theImagesFlagsWithThePodsMemoryAndNoArchiveWhenNoneWasPackaged() throws IOException {
        Files.createDirectories(root.resolve("deploy/ops/docker"));
        Files.writeString(root.resolve(ServiceJvm.OPTIONS_FILE), "-XX:+UseSerialGC\n");
        assertEquals(List.of("@" + root.resolve(ServiceJvm.OPTIONS_FILE), "-XX:MaxRAM=512m"),
                ServiceJvm.options(root, quarkusApp(), 25));
    }

    @Test
    void theAotCacheOnlyOnAJdkThatCanReadIt() throws IOException {
        Path app = quarkusApp(ServiceJvm.AOT_CACHE);
        assertEquals(List.of("-XX:MaxRAM=512m", "-XX:AOTCache=app.aot"), ServiceJvm.options(root, app, 25));
        // JDK 17 does not know -XX:AOTCache: it would refuse to start
        assertEquals(List.of("-XX:MaxRAM=512m"), ServiceJvm.options(root, app, 17));
    }

    @Test
    void aCacheRecordedAfterTheBuildIsTheOneAServiceStartsFrom() throws IOException {
        Path app = quarkusApp(ServiceJvm.AOT_CACHE, ServiceJvm.TRAINED_AOT_CACHE);
        age(app.resolve(ServiceJvm.AOT_CACHE), 60);
        assertEquals(List.of("-XX:MaxRAM=512m", "-XX:AOTCache=app-trained.aot"), ServiceJvm.options(root, app, 25));
        assertFalse(ServiceJvm.needsTraining(app, 25));
    }

    @Test
    void aNewBuildMakesTheRecordedCacheStaleAndAsksForAnotherRecording() throws IOException {
        Path app = quarkusApp(ServiceJvm.AOT_CACHE, ServiceJvm.TRAINED_AOT_CACHE);
        age(app.resolve(ServiceJvm.TRAINED_AOT_CACHE), 60);
        assertEquals(List.of("-XX:MaxRAM=512m", "-XX:AOTCache=app.aot"), ServiceJvm.options(root, app, 25));
        assertTrue(ServiceJvm.needsTraining(app, 25));
    }

    @Test
    void nothingToRecordWithoutTheAotJarLayoutOrOnAJdkBefore25() throws IOException {
        assertFalse(ServiceJvm.needsTraining(quarkusApp(), 25), "a plain fast-jar: the JVM cannot archive its classes");
        assertFalse(ServiceJvm.needsTraining(quarkusApp(ServiceJvm.AOT_CACHE), 17));
    }

    @Test
    void theRecordingRunsWithTheServicesFlagsAndLeavesOutMethodProfiles() throws IOException {
        Files.createDirectories(root.resolve("deploy/ops/docker"));
        Files.writeString(root.resolve(ServiceJvm.OPTIONS_FILE), "-XX:+UseSerialGC\n");
        assertEquals(List.of("@" + root.resolve(ServiceJvm.OPTIONS_FILE), "-XX:MaxRAM=512m", "-XX:AOTCacheOutput=app-trained.aot",
                "-XX:+UnlockDiagnosticVMOptions", "-XX:-AOTRecordTraining"),
                ServiceJvm.trainingOptions(root));
    }

    private static void age(Path file, int seconds) throws IOException {
        Files.setLastModifiedTime(file, FileTime.fromMillis(Files.getLastModifiedTime(file).toMillis() - seconds * 1000L));
    }

    @Test
    void appCdsWhereTheBuildJdkHadNoAotCache() throws IOException {
        assertEquals(List.of("-XX:MaxRAM=512m", "-XX:SharedArchiveFile=app-cds.jsa"),
                ServiceJvm.options(root, quarkusApp(ServiceJvm.APPCDS_ARCHIVE), 17));
    }

    @Test
    void onlyVariablesAskedForByNameReachTheServices() {
        assertEquals(Map.of("MOSAIC_AUTH_TRUSTED_PROXIES", "127.0.0.1"), ServiceEnvironment.overrides(Map.of(
                "MOSAIC_STACK_SET_MOSAIC_AUTH_TRUSTED_PROXIES", "127.0.0.1",
                "MOSAIC_AUTH_CPU_WORK_QUEUE_PER_THREAD", "99",
                "MOSAIC_STACK_SET_", "nothing",
                "MOSAIC_STACK_AUTH_PORT", "18181")));
    }
}
