package dev.mosaic.jobs.support;

import io.restassured.RestAssured;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * Real concurrent HTTP calls: {@code threads} threads wait on one gate, then send the calls
 * between them as fast as they can, each on its own connection.
 */
public final class ConcurrentCalls {
    private ConcurrentCalls() {
    }

    public static String baseUrl() {
        return RestAssured.baseURI + ":" + RestAssured.port;
    }

    public static HttpRequest post(String path, String json, String... headers) {
        return HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .timeout(Duration.ofSeconds(30))
                .headers(headers)
                .POST(HttpRequest.BodyPublishers.ofString(json))
                .build();
    }

    /** Sends {@code calls} requests made by {@code request(i)} from {@code threads} threads; answers in call order. */
    public static List<HttpResponse<String>> race(int calls, int threads, IntFunction<HttpRequest> request)
            throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch gate = new CountDownLatch(1);
        try {
            List<Future<HttpResponse<String>>> futures = new ArrayList<>();
            for (int i = 0; i < calls; i++) {
                HttpRequest call = request.apply(i);
                futures.add(pool.submit(() -> {
                    gate.await();
                    return client.send(call, HttpResponse.BodyHandlers.ofString());
                }));
            }
            gate.countDown();
            List<HttpResponse<String>> answers = new ArrayList<>();
            for (Future<HttpResponse<String>> future : futures) {
                answers.add(future.get(60, TimeUnit.SECONDS));
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }
}
