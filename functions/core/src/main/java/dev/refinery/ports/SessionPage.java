package dev.refinery.ports;

import dev.refinery.domain.InvalidInputException;
import dev.refinery.domain.Session;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;

/**
 * One page of a tenant's sessions, newest first, and the cursor of the next page (null on the last one). The cursor
 * is the last session's place in that order (its creation time and id), opaque to clients: every adapter pages the
 * same way, so a cursor from one is valid for any (and a deployment can change its table without breaking clients).
 */
public record SessionPage(List<Session> sessions, String next) {
    public SessionPage {
        sessions = List.copyOf(sessions);
    }

    /** The most sessions a page holds. */
    public static final int MAX_LIMIT = 100;

    /** A place in the newest-first order: sessions created before {@code createdAt}, or at it with a smaller id, come after it. */
    public record Cursor(Instant createdAt, String id) {
        /** Whether {@code s} comes after this place in the newest-first order. */
        public boolean before(Session s) {
            int c = s.createdAt().compareTo(createdAt);
            return c < 0 || c == 0 && s.id().compareTo(id) < 0;
        }

        public String encode() {
            return Base64.getUrlEncoder().withoutPadding().encodeToString((createdAt + "|" + id).getBytes(StandardCharsets.UTF_8));
        }

        public static Cursor of(Session s) {
            return new Cursor(s.createdAt(), s.id());
        }

        /** The cursor a page answered, or null for the first page. */
        public static Cursor decode(String cursor) {
            if (cursor == null || cursor.isBlank()) {
                return null;
            }
            try {
                String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
                int bar = text.indexOf('|');
                if (bar < 0 || bar == text.length() - 1) {
                    throw new IllegalArgumentException("no id");
                }
                return new Cursor(Instant.parse(text.substring(0, bar)), text.substring(bar + 1));
            } catch (IllegalArgumentException | DateTimeParseException e) {
                throw new InvalidInputException("The cursor is not one this API gave", "send the 'next' of the previous page as it was, or none for the first page");
            }
        }
    }

    /** The page of {@code limit} from newest-first {@code sorted} sessions after {@code cursor}. */
    public static SessionPage of(List<Session> newestFirst, int limit, boolean more) {
        List<Session> page = newestFirst.size() > limit ? newestFirst.subList(0, limit) : newestFirst;
        return new SessionPage(page, more || newestFirst.size() > limit ? Cursor.of(page.get(page.size() - 1)).encode() : null);
    }
}
