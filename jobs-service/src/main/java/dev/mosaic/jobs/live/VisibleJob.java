package dev.mosaic.jobs.live;

import jakarta.ws.rs.NameBinding;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The job of the path must exist for the caller, checked before a stream starts: once an event
 * stream has started its status is 200 and nothing can become a 404 any more.
 */
@NameBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@interface VisibleJob {
}
