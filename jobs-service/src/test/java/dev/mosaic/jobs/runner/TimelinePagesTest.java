package dev.mosaic.jobs.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.mosaic.jobs.support.JobsApi;
import dev.mosaic.shared.jobs.JobLimits;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A timeline has no bound of its own (every new step is an event), so it comes in pages: each links to the next
 * while there is more, and together they are the whole timeline, for people and for coordinators alike.
 */
@QuarkusTest
class TimelinePagesTest {
    private static final Pattern NEXT = Pattern.compile("<\\?after=(\\d+)&limit=(\\d+)>; rel=\"next\"");
    private final JobsApi api = new JobsApi();

    /** A running job with a timeline of 7 events: created, claimed, running, and four steps. */
    private String jobWithSevenEvents() {
        String id = api.runningJob();
        for (int step = 1; step <= 4; step++) {
            api.asCoordinatorOf(id).body(Map.of("progressPercent", step * 10)).post("/api/coordinator/jobs/" + id + "/progress")
                    .then().statusCode(200);
        }
        assertEquals(7, api.events(id).size());
        return id;
    }

    /** Every page of {@code path} read by following {@code Link: rel="next"} from a first page of {@code limit}. */
    private static List<Map<String, Object>> followPages(Supplier<RequestSpecification> caller, String path, int limit) {
        List<Map<String, Object>> events = new ArrayList<>();
        String query = "?limit=" + limit;
        int pages = 0;
        while (query != null) {
            Response page = caller.get().get(path + query).then().statusCode(200).extract().response();
            List<Map<String, Object>> items = page.jsonPath().getList("$");
            events.addAll(items);
            pages++;
            String link = page.header("Link");
            if (link == null) {
                query = null;
            } else {
                Matcher next = NEXT.matcher(link);
                assertEquals(true, next.matches(), link);
                assertEquals(limit, items.size(), "only a full page links to a next one");
                assertEquals(String.valueOf(items.get(items.size() - 1).get("id")), next.group(1));
                query = "?after=" + next.group(1) + "&limit=" + next.group(2);
            }
        }
        assertEquals(Math.max(1, (events.size() + limit - 1) / limit), pages,
                "pages of " + limit + " for " + events.size() + " events: no empty last page");
        return events;
    }

    @Test
    void aPersonReadsATimelineInPagesThatTogetherAreTheWholeTimeline() {
        String id = jobWithSevenEvents();
        List<Map<String, Object>> whole = api.events(id);

        assertEquals(whole, followPages(api::asUser, "/api/runner-jobs/" + id + "/events", 3));
        assertEquals(whole, followPages(api::asUser, "/api/runner-jobs/" + id + "/events", 7));
        assertEquals(whole, followPages(api::asUser, "/api/runner-jobs/" + id + "/events", JobLimits.MAX_EVENTS_PAGE));
        assertNull(api.asUser().get("/api/runner-jobs/" + id + "/events").header("Link"), "the default page is the most");
    }

    @Test
    void aCoordinatorReadsTheSamePages() {
        String id = jobWithSevenEvents();

        assertEquals(api.events(id), followPages(api::asCoordinator, "/api/coordinator/jobs/" + id + "/events", 2));
    }

    @Test
    void aPageBeyondTheLimitsIsA400() {
        String id = api.createJob();
        for (String query : List.of("?limit=0", "?limit=" + (JobLimits.MAX_EVENTS_PAGE + 1), "?after=-1")) {
            api.asUser().get("/api/runner-jobs/" + id + "/events" + query).then().statusCode(400)
                    .contentType("application/problem+json");
        }
    }
}
