package dev.mosaic.auth.verification;

/**
 * A mail decided inside a transaction and sent after it commits (a mail must never announce what was
 * rolled back): to whom, and the link token it carries, or {@code null} for a mail without a link.
 */
public record Mailing(String to, String token) {
}
