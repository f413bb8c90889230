package dev.refinery.application;

import dev.refinery.application.ports.CatalogItem;
import dev.refinery.application.ports.CatalogStore;
import dev.refinery.application.ports.ExecutionInput;
import dev.refinery.application.ports.SessionEvent;
import dev.refinery.application.ports.SessionEventLog;
import dev.refinery.application.ports.UploadLedger;
import dev.refinery.application.ports.UploadRecord;
import dev.refinery.application.ports.WorkflowStarter;
import dev.refinery.domain.ConflictException;
import dev.refinery.domain.EngineUnavailableException;
import dev.refinery.domain.InvalidInputException;
import dev.refinery.domain.Session;
import dev.refinery.domain.SessionStatus;
import dev.refinery.domain.Source;
import dev.refinery.pipeline.RefinementService;
import dev.refinery.pipeline.StartRequest;
import dev.refinery.ports.ImageStore;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Turns an uploaded original into exactly one session and one execution, however often and however
 * concurrently the notification arrives:
 * <ol>
 *   <li>a conditional write of the upload record (tenant, hash of bucket/key/version) fixes the
 *       session id and execution name;</li>
 *   <li>the session is created with that id (a second creator gets a conflict and moves on);</li>
 *   <li>StartExecution runs with that name on every delivery: a repeat is reported as already started,
 *       so a crash between steps 1 and 3 is healed by the next delivery.</li>
 * </ol>
 */
public final class UploadIntake {
    private static final Logger LOG = System.getLogger(UploadIntake.class.getName());

    public enum Outcome { STARTED, ALREADY_STARTED, IGNORED, REJECTED }

    /** The tag value of an upload that cannot be refined; the bucket's lifecycle rule expires these originals only. */
    public static final String REJECTED_TAG = "rejected";

    public record Result(String key, Outcome outcome, String reason, String tenant, String sessionId, String executionName) {
        static Result ignored(String key, String reason) {
            return new Result(key, Outcome.IGNORED, reason, null, null, null);
        }

        static Result rejected(String key, String reason, String tenant) {
            return new Result(key, Outcome.REJECTED, reason, tenant, null, null);
        }
    }

    /**
     * What the intake reads of the deployment's configuration.
     *
     * @param bucket                the uploads' bucket (null: notices of any bucket are accepted)
     * @param uploadMaxBytes        the largest photo refined; a larger one is rejected
     * @param defaultPresets        presets of a catalog item registered by its first upload
     * @param defaultEngine         the engine an upload's session runs with
     * @param promptTemplateVersion the prompt template generation the catalog item is marked refined with
     * @param idempotencyTtl        how long "start once per upload" records live
     */
    public record Settings(String bucket, long uploadMaxBytes, List<String> defaultPresets, String defaultEngine,
                           String promptTemplateVersion, Duration idempotencyTtl) {
        public Settings {
            defaultPresets = List.copyOf(defaultPresets);
        }
    }

    private final Settings config;
    private final RefinementService service;
    private final CatalogStore catalog;
    private final UploadLedger ledger;
    private final SessionEventLog events;
    private final WorkflowStarter starter;
    private final TenantQuota quota;
    private final ImageStore images;
    private final Clock clock;

    public UploadIntake(Settings config, RefinementService service, CatalogStore catalog, UploadLedger ledger,
                        SessionEventLog events, WorkflowStarter starter, TenantQuota quota, ImageStore images, Clock clock) {
        this.quota = quota;
        this.images = images;
        this.config = config;
        this.service = service;
        this.catalog = catalog;
        this.ledger = ledger;
        this.events = events;
        this.starter = starter;
        this.clock = clock;
    }

    public Result accept(UploadNotice n) {
        if (n.key() == null || !n.key().startsWith(UploadKey.PREFIX)) {
            return log(Result.ignored(n.key(), "outside the uploads/ prefix: not an original"));
        }
        if (config.bucket() != null && !config.bucket().equals(n.bucket())) {
            return log(Result.ignored(n.key(), "bucket '" + n.bucket() + "' is not the refinery bucket"));
        }
        UploadKey key;
        try {
            key = UploadKey.parse(n.key());
        } catch (InvalidInputException e) {
            return reject(n, e.reason());
        }
        if (n.size() == 0) {
            return reject(n, "the file is empty — upload the photo again");
        }
        if (n.size() > config.uploadMaxBytes()) {
            return reject(n, dev.refinery.domain.FileSize.overLimit(n.size(), config.uploadMaxBytes()) + " — upload a smaller photo");
        }
        String token = n.writeToken();
        if (token == null) {
            return reject(n, "the notification has no version id, sequencer or ETag, so repeats cannot be recognised");
        }

        Instant now = clock.instant();
        CatalogItem item = catalog.registerUpload(key.tenant(), key.sku(), n.bucket(), n.key(), config.defaultPresets(), "generic", now);
        try {
            service.presets().resolve(key.tenant(), String.join(",", item.presets()), item.facts());
        } catch (InvalidInputException e) {
            return reject(n, "catalog item " + key.sku() + ": " + e.reason());
        }

        String uploadId = ExecutionNames.uploadId(n.bucket(), n.key(), token);
        UploadLedger.Claim claim = ledger.claim(new UploadRecord(key.tenant(), uploadId, n.bucket(), n.key(), n.versionId(),
                ExecutionNames.sessionIdFrom(uploadId), ExecutionNames.forUpload(uploadId), now, now.plus(config.idempotencyTtl())));
        UploadRecord record = claim.record();

        try {
            service.start(new StartRequest(key.tenant(), record.sessionId(), key.sku(),
                    Source.upload(n.bucket(), n.key(), blankToNull(n.versionId())), item.presets(), config.defaultEngine(),
                    item.category(), item.facts()));
            events.append(new SessionEvent(key.tenant(), record.sessionId(), now, "session-created",
                    Map.of("source", n.key(), "via", n.via())));
            if (claim.first()) {
                // the upload went straight to S3, so nothing else could refuse it: over quota, its session says why
                try {
                    quota.admit(key.tenant(), now);
                } catch (QuotaExceededException over) {
                    service.fail(key.tenant(), record.sessionId(), over.reason());
                    tagRejected(n.key());
                    return log(new Result(n.key(), Outcome.REJECTED, over.reason(), key.tenant(), record.sessionId(), null));
                }
            }
        } catch (ConflictException alreadyCreated) {
            // Another delivery of this upload created it; fall through and (re)start the execution.
        } catch (InvalidInputException | EngineUnavailableException e) {
            tagRejected(n.key());
            return log(Result.rejected(n.key(), e.reason(), key.tenant()));
        }

        Session current = service.session(key.tenant(), record.sessionId());
        if (current.status() == SessionStatus.FAILED && current.reason() != null && current.reason().startsWith(TenantQuota.REFUSED)) {
            // a redelivery of an upload the quota refused: it stays refused
            return log(new Result(n.key(), Outcome.REJECTED, current.reason(), key.tenant(), record.sessionId(), null));
        }
        WorkflowStarter.Started started = starter.start(record.executionName(), ExecutionInput.firstPass(key.tenant(), record.sessionId()));
        catalog.markRefined(key.tenant(), key.sku(), record.sessionId(), now, config.promptTemplateVersion(),
                PresetFingerprint.of(service.presets(), key.tenant(), item.presets()));
        Outcome outcome = claim.first() && !started.alreadyStarted() ? Outcome.STARTED : Outcome.ALREADY_STARTED;
        return log(new Result(n.key(), outcome, claim.first() ? null : "this upload was seen before; execution re-driven",
                key.tenant(), record.sessionId(), record.executionName()));
    }

    /**
     * An upload that cannot be refined: tagged {@code kind=rejected} (the bucket's lifecycle rule expires those,
     * and only those, of the originals) and, when its key names a tenant and the write can be recognised again,
     * recorded as a session that ends FAILED with the reason, so the seller sees why (GET /sessions) instead of a
     * log line no seller reads. The session id comes from the write, as for any upload: a redelivery finds it.
     */
    private Result reject(UploadNotice n, String reason) {
        tagRejected(n.key());
        String[] owner = UploadKey.owner(n.key());
        String tenant = owner[0], sessionId = null;
        if (tenant != null && n.writeToken() != null) {
            sessionId = ExecutionNames.sessionIdFrom(ExecutionNames.uploadId(n.bucket(), n.key(), n.writeToken()));
            try {
                service.start(new StartRequest(tenant, sessionId, owner[1], Source.upload(n.bucket(), n.key(), blankToNull(n.versionId())),
                        config.defaultPresets(), config.defaultEngine(), null, Map.of()));
                events.append(new SessionEvent(tenant, sessionId, clock.instant(), "upload-rejected", Map.of("source", n.key(), "reason", reason)));
            } catch (ConflictException redelivered) {
                // recorded by an earlier delivery of the same write
            } catch (InvalidInputException | EngineUnavailableException cannotRecord) {
                return log(Result.rejected(n.key(), reason, tenant));
            }
            service.fail(tenant, sessionId, "The upload " + n.key().substring(n.key().lastIndexOf('/') + 1) + " was not refined: " + reason);
        }
        return log(new Result(n.key(), Outcome.REJECTED, reason, tenant, sessionId, null));
    }

    private void tagRejected(String key) {
        try {
            images.tag(key, Map.of("kind", REJECTED_TAG));
        } catch (RuntimeException e) {
            // the refusal stands without the tag; the object is then kept like any original
            LOG.log(Level.WARNING, () -> "could not tag the rejected upload " + key + " kind=" + REJECTED_TAG + ": " + e.getMessage());
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() || "null".equals(s) ? null : s;
    }

    private static Result log(Result r) {
        switch (r.outcome()) {
            case IGNORED -> LOG.log(Level.INFO, () -> "upload ignored: key=" + r.key() + " reason=" + r.reason());
            case REJECTED -> LOG.log(Level.WARNING, () -> "upload rejected: tenant=" + r.tenant() + " key=" + r.key() + " reason=" + r.reason());
            default -> LOG.log(Level.INFO, () -> "upload " + r.outcome() + ": tenant=" + r.tenant() + " key=" + r.key() + " session="
                    + r.sessionId() + " execution=" + r.executionName());
        }
        return r;
    }
}
