package dev.mosaic.deploy.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The JVM options of a service in the local stack: the same flags as in the images
 * ({@code deploy/ops/docker/jvm.options}), with the memory of the pod's limit ({@link #MEMORY}) since no cgroup
 * bounds a process here, and a startup archive beside {@code quarkus-run.jar} when this JVM can read it: the
 * AOT cache that {@link AotTraining} recorded from a real run when it is newer than the build's, else the one
 * that {@code -Daot} packaged.
 */
final class ServiceJvm {
    /** What the JVM overlay of the Kubernetes manifests gives a pod (deploy/ops/k8s/overlays/jvm). */
    static final String MEMORY = "512m";
    static final String OPTIONS_FILE = "deploy/ops/docker/jvm.options";
    /**
     * The JDK 25 AOT cache (JEP 483/514) written by {@code -Daot} on a JDK >= 25: the application run only up to
     * the end of its static init, since the build has no database.
     */
    static final String AOT_CACHE = "app.aot";
    /** The AOT cache recorded by {@link AotTraining}: a real start against PostgreSQL and real requests. */
    static final String TRAINED_AOT_CACHE = "app-trained.aot";
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
        List<String> options = flags(root);
        // An archive only works with the JDK that wrote it; another one is ignored with a warning, never fatal.
        if (javaFeature >= 25 && isTrained(quarkusApp)) {
            options.add("-XX:AOTCache=" + TRAINED_AOT_CACHE);
        } else if (javaFeature >= 25 && Files.isRegularFile(quarkusApp.resolve(AOT_CACHE))) {
            options.add("-XX:AOTCache=" + AOT_CACHE);
        } else if (Files.isRegularFile(quarkusApp.resolve(APPCDS_ARCHIVE))) {
            options.add("-XX:SharedArchiveFile=" + APPCDS_ARCHIVE);
        }
        return options;
    }

    /**
     * Whether {@link AotTraining} has something to do for this service: {@code -Daot} packaged an AOT cache (so the
     * application's classes are on the class path in the aot-jar layout, where the JVM can archive them), this JVM
     * can record one, and no recorded cache is newer than the build's.
     */
    static boolean needsTraining(Path quarkusApp, int javaFeature) {
        return javaFeature >= 25 && Files.isRegularFile(quarkusApp.resolve(AOT_CACHE)) && !isTrained(quarkusApp);
    }

    /**
     * The options of the training run: the same flags, recording the AOT cache when the JVM exits, with its classes
     * but without the method profiles that JDK 25 records beside them by default (JEP 515). Those profiles made a
     * started service's RSS 25 MiB larger (the cache is mapped whole) and neither its start nor its warm-up
     * measurably faster on 2 cores; the switch is a diagnostic one, needed only while recording.
     */
    static List<String> trainingOptions(Path root) {
        List<String> options = flags(root);
        options.addAll(List.of("-XX:AOTCacheOutput=" + TRAINED_AOT_CACHE, "-XX:+UnlockDiagnosticVMOptions",
                "-XX:-AOTRecordTraining"));
        return options;
    }

    /** A recorded cache counts only when it is newer than the build's: every {@code -Daot} build writes that anew. */
    private static boolean isTrained(Path quarkusApp) {
        Path trained = quarkusApp.resolve(TRAINED_AOT_CACHE);
        Path built = quarkusApp.resolve(AOT_CACHE);
        try {
            return Files.isRegularFile(trained) && Files.isRegularFile(built)
                    && Files.getLastModifiedTime(trained).compareTo(Files.getLastModifiedTime(built)) > 0;
        } catch (IOException e) {
            return false;
        }
    }

    private static List<String> flags(Path root) {
        List<String> options = new ArrayList<>();
        Path file = root.resolve(OPTIONS_FILE);
        if (Files.isRegularFile(file)) {
            options.add("@" + file);
        }
        options.add("-XX:MaxRAM=" + MEMORY);
        return options;
    }
}
