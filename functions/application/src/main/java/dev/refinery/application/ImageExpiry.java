package dev.refinery.application;

import dev.refinery.domain.ImageVersion;
import dev.refinery.pipeline.SessionKeys;
import dev.refinery.ports.SessionStore;
import java.util.List;
import java.util.Optional;

/**
 * Records that S3's lifecycle rule deleted a version's image (an S3 "LifecycleExpiration" notification): the
 * version's record stays, marked {@code imageExpired}, so the API stops handing out links to a deleted object
 * and says so, and a revert to it is refused with the reason instead of failing on a missing object.
 * Only intermediates expire ({@code kind=intermediate}); what a seller keeps is re-tagged first.
 */
public final class ImageExpiry {
    public enum Outcome { MARKED, ALREADY_MARKED, IGNORED }

    public record Result(String key, Outcome outcome, String reason) {
    }

    private final SessionStore sessions;

    public ImageExpiry(SessionStore sessions) {
        this.sessions = sessions;
    }

    public Result expired(String key) {
        Optional<SessionKeys.Owner> owner = SessionKeys.owner(key);
        if (owner.isEmpty()) {
            // sessions/{id}/… (written before keys named their tenant) cannot be traced to a tenant's records
            return new Result(key, Outcome.IGNORED, "not a key of the form sessions/{tenant}/{session}/{file}");
        }
        if (!ids(owner.get())) {
            return new Result(key, Outcome.IGNORED, "the key does not name a valid tenant and session");
        }
        List<ImageVersion> versions = sessions.versions(owner.get().tenant(), owner.get().sessionId());
        Optional<ImageVersion> v = versions.stream().filter(x -> key.equals(x.imageKey())).findFirst();
        if (v.isEmpty()) {
            boolean mask = versions.stream().anyMatch(x -> key.equals(x.maskKey()));
            // a mask's expiry changes nothing a seller sees: the image it belongs to expires with it (same tag)
            return new Result(key, Outcome.IGNORED, mask ? "a version's mask, not its image" : "no version of the session has this image");
        }
        if (v.get().imageExpired()) {
            return new Result(key, Outcome.ALREADY_MARKED, null);
        }
        sessions.saveVersion(v.get().withImageExpired());
        return new Result(key, Outcome.MARKED, null);
    }

    private static boolean ids(SessionKeys.Owner o) {
        return Ids.TENANT.matcher(o.tenant()).matches() && Ids.SESSION.matcher(o.sessionId()).matches();
    }
}
