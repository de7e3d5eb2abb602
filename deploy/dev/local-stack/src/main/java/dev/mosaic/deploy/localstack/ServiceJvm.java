package dev.mosaic.deploy.localstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The JVM options of a service in the local stack: the same flags as in the images
 * ({@code deploy/ops/docker/jvm.options}), with the memory of the pod's limit ({@link #MEMORY}) since no cgroup
 * bounds a process here, and the startup archive that {@code -Daot} packaged beside {@code quarkus-run.jar}
 * when this JVM can read it.
 */
final class ServiceJvm {
    /** What the JVM overlay of the Kubernetes manifests gives a pod (deploy/ops/k8s/overlays/jvm). */
    static final String MEMORY = "512m";
    static final String OPTIONS_FILE = "deploy/ops/docker/jvm.options";
    /** The JDK 25 AOT cache (JEP 483/514) written by {@code -Daot} on a JDK >= 25. */
    static final String AOT_CACHE = "app.aot";
    /** AppCDS, written by {@code -Daot} on an older JDK. */
    static final String APPCDS_ARCHIVE = "app-cds.jsa";
    /** glibc makes up to 8 malloc arenas per core, each holding on to freed memory: 2 are enough for these threads. */
    static final String MALLOC_ARENA_MAX = "2";

    private ServiceJvm() {
    }

    /**
     * @param javaFeature the feature release of the JVM that will run the service (the launcher's own)
     */
    static List<String> options(Path root, Path quarkusApp, int javaFeature) {
        List<String> options = new ArrayList<>();
        Path file = root.resolve(OPTIONS_FILE);
        if (Files.isRegularFile(file)) {
            options.add("@" + file);
        }
        options.add("-XX:MaxRAM=" + MEMORY);
        // An archive only works with the JDK that wrote it; another one is ignored with a warning, never fatal.
        if (javaFeature >= 25 && Files.isRegularFile(quarkusApp.resolve(AOT_CACHE))) {
            options.add("-XX:AOTCache=" + AOT_CACHE);
        } else if (Files.isRegularFile(quarkusApp.resolve(APPCDS_ARCHIVE))) {
            options.add("-XX:SharedArchiveFile=" + APPCDS_ARCHIVE);
        }
        return options;
    }
}
