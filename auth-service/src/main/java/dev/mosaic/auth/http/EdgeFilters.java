package dev.mosaic.auth.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mosaic.shared.http.BodySizeLimit;
import dev.mosaic.shared.http.JsonControlCharacters;
import dev.mosaic.shared.http.StrictJson;
import io.quarkus.jackson.ObjectMapperCustomizer;
import io.quarkus.vertx.http.runtime.filters.Filters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Applies shared-types' edge rules that are not JAX-RS providers: {@link BodySizeLimit} in front of every route,
 * {@link JsonControlCharacters} and {@link StrictJson}'s types in every JSON body the REST layer reads.
 */
@ApplicationScoped
class EdgeFilters implements ObjectMapperCustomizer {
    void register(@Observes Filters filters, ObjectMapper json) {
        filters.register(new BodySizeLimit(json), BodySizeLimit.FILTER_PRIORITY);
    }

    @Override
    public void customize(ObjectMapper json) {
        JsonControlCharacters.installOn(json);
        StrictJson.installOn(json);
    }
}
