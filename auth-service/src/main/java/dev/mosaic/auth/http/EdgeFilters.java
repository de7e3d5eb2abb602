package dev.mosaic.auth.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mosaic.shared.http.BodySizeLimit;
import io.quarkus.vertx.http.runtime.filters.Filters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Puts shared-types' {@link BodySizeLimit} in front of every route. */
@ApplicationScoped
class EdgeFilters {
    void register(@Observes Filters filters, ObjectMapper json) {
        filters.register(new BodySizeLimit(json), BodySizeLimit.FILTER_PRIORITY);
    }
}
