package dev.mosaic.jobs.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.mosaic.shared.http.ExactJsonNumbers;
import io.quarkus.hibernate.orm.JsonFormat;
import io.quarkus.hibernate.orm.PersistenceUnitExtension;
import jakarta.inject.Singleton;
import org.hibernate.type.descriptor.WrapperOptions;
import org.hibernate.type.descriptor.java.JavaType;
import org.hibernate.type.format.FormatMapper;
import org.hibernate.type.format.jackson.JacksonJsonFormatMapper;

/**
 * How Hibernate writes and reads the jsonb columns (a job's payload and result, an event's data, a remembered
 * answer): with a Jackson mapper of its own, not the REST layer's, whose request rules are no business of stored
 * data, but with the REST layer's {@link ExactJsonNumbers}. Hibernate's default reads a number with a fraction as a
 * double: a job read through its entity (a cancel's answer, a page of the list) showed 0.12345678901234568 for the
 * 0.12345678901234567890123 stored, and a job created with it was written twice, since the copy Hibernate keeps to
 * see changes, read back as doubles, no longer equalled the payload the REST layer had read.
 */
@JsonFormat
@PersistenceUnitExtension
@Singleton
public class JsonColumns implements FormatMapper {
    private final FormatMapper jackson;

    JsonColumns() {
        ObjectMapper mapper = new ObjectMapper().findAndRegisterModules();
        ExactJsonNumbers.installOn(mapper);
        jackson = new JacksonJsonFormatMapper(mapper);
    }

    @Override
    public <T> T fromString(CharSequence json, JavaType<T> type, WrapperOptions options) {
        return jackson.fromString(json, type, options);
    }

    @Override
    public <T> String toString(T value, JavaType<T> type, WrapperOptions options) {
        return jackson.toString(value, type, options);
    }
}
