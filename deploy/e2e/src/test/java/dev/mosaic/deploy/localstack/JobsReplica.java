package dev.mosaic.deploy.localstack;

import static org.awaitility.Awaitility.await;

import dev.mosaic.deploy.config.ServiceVariables;
import java.io.PrintStream;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One more jobs-service process on a running local stack's database, with settings of its own: a second
 * replica for the end-to-end test. {@link LocalStack} starts one process per service and takes no extra
 * settings, so this sits in its package to start the process exactly as it does (the environment filtered
 * to what the built service reads, the child JVM, its log) instead of copying that launcher.
 */
public final class JobsReplica implements AutoCloseable {
    private final ServiceProcess process;
    private final StackConfig config;

    private JobsReplica(ServiceProcess process, StackConfig config) {
        this.process = process;
        this.config = config;
    }

    /**
     * Starts the packaged jobs-service on {@code port}, on the stack's database and auth-service, and returns
     * once it answers 200 on {@code /q/health/ready}. Its state (log, pid) is in {@code <stack state>/<name>}.
     *
     * @param settings environment variables on top of the stack's; each must be one the service reads
     */
    public static JobsReplica start(StackConfig stack, String name, int port, Map<String, String> settings,
            PrintStream console) {
        StackConfig own = new StackConfig(stack.root(), stack.stateDir().resolve(name), stack.host(), stack.dbPort(),
                stack.authPort(), port, stack.consolePort(), stack.startTimeout(), stack.stopTimeout());
        ServiceVariables variables = ServiceEnvironment.variables(Service.JOBS.quarkusApp(stack.root()));
        List<String> ignored = settings.keySet().stream().filter(setting -> !variables.reads(setting)).toList();
        if (!ignored.isEmpty()) {
            throw new StackException("jobs-service reads none of " + ignored + ": a renamed setting?");
        }
        Map<String, String> values = new LinkedHashMap<>(LocalStack.devValues(own));
        values.putAll(settings);
        JobsReplica replica = new JobsReplica(ServiceProcess.start(Service.JOBS, own,
                ServiceEnvironment.build(Service.JOBS, own, variables, values), console), own);
        try {
            replica.awaitReady();
        } catch (RuntimeException notReady) {
            replica.close();
            throw notReady;
        }
        return replica;
    }

    private void awaitReady() {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        String readiness = baseUrl() + "/q/health/ready";
        await().atMost(config.startTimeout()).pollInterval(Duration.ofMillis(250)).until(() -> {
            if (!process.process().isAlive()) {
                throw new StackException("jobs-service replica exited with code " + process.process().exitValue()
                        + "; its log: " + logFile());
            }
            return ServiceProcess.status(http, readiness) == 200;
        });
    }

    public String baseUrl() {
        return "http://" + config.clientHost() + ":" + config.jobsPort();
    }

    public Path logFile() {
        return process.logFile();
    }

    /** SIGTERM, then SIGKILL after the stack's stop timeout. Before the stack's PostgreSQL stops. */
    @Override
    public void close() {
        process.stop(config.stopTimeout());
    }
}
