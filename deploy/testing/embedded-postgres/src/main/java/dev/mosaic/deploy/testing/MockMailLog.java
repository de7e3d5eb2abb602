package dev.mosaic.deploy.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The mails of a packaged auth-service whose mailer is a mock ({@code QUARKUS_MAILER_MOCK=true}, as in the local
 * stack): Quarkus writes each one, text included, to the service's log, a line {@code Sending email <subject> from
 * <from> to [<to>] ...} followed by the text. How a developer, the local stack's tests and the benchmark read
 * the links that a person would get by mail.
 */
public final class MockMailLog {
    private MockMailLog() {
    }

    /** The link (the line that carries {@code ?token=}) of the last mail to {@code to} that has one, if any yet. */
    public static Optional<String> lastLink(Path log, String to) {
        List<String> lines;
        try {
            lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String link = null;
        boolean inMailToThem = false;
        for (String line : lines) {
            if (line.contains("Sending email ")) {
                inMailToThem = line.contains(" to [" + to + "]");
            } else if (inMailToThem && line.contains("?token=")) {
                link = line.strip();
                inMailToThem = false;
            }
        }
        return Optional.ofNullable(link);
    }

    /** The one-time token of {@link #lastLink}. */
    public static Optional<String> lastToken(Path log, String to) {
        return lastLink(log, to).map(link -> link.substring(link.indexOf("?token=") + "?token=".length()));
    }
}
