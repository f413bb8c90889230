package dev.refinery.application;

import dev.refinery.application.ports.CatalogItem;
import dev.refinery.application.ports.CatalogStore;
import dev.refinery.application.ports.CompletionNotifier;
import dev.refinery.application.ports.ExecutionInput;
import dev.refinery.application.ports.ImageLinks;
import dev.refinery.application.ports.PresignedPost;
import dev.refinery.application.ports.PatternLibrary;
import dev.refinery.application.ports.SessionEvent;
import dev.refinery.application.ports.SessionEventLog;
import dev.refinery.application.ports.WorkflowStarter;
import dev.refinery.domain.Approval;
import dev.refinery.domain.BrandKit;
import dev.refinery.domain.BudgetExceededException;
import dev.refinery.domain.ImageFormat;
import dev.refinery.domain.ImageVersion;
import dev.refinery.domain.ConflictException;
import dev.refinery.domain.InvalidInputException;
import dev.refinery.domain.NotFoundException;
import dev.refinery.domain.Preset;
import dev.refinery.domain.Session;
import dev.refinery.domain.SessionStatus;
import dev.refinery.domain.Source;
import dev.refinery.domain.Stage;
import dev.refinery.engine.CostEstimate;
import dev.refinery.engine.EstimateRequest;
import dev.refinery.engine.SpendCaps;
import dev.refinery.feedback.FeedbackPlan;
import dev.refinery.feedback.RoundPlanning;
import dev.refinery.pipeline.RefinementService;
import dev.refinery.pipeline.StartRequest;
import dev.refinery.quality.StoredFindings;
import dev.refinery.ports.BrandKits;
import dev.refinery.ports.ImageStore;
import dev.refinery.ports.SessionStore;
import dev.refinery.ports.SpendTotals;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * What the API does, route by route, for one tenant. The tenant always comes from the caller's
 * verified token (the handler passes it in); every lookup is scoped by it, and another tenant's
 * session is simply not found.
 */
public final class SessionApi {
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy-MM").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter UPLOAD_STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);

    /**
     * What the API reads of the deployment's configuration.
     *
     * @param bucket             the uploads' bucket (a session started from an upload key reads it there)
     * @param uploadMaxBytes     the largest photo a presigned POST accepts
     * @param uploadFormTtl      how long a presigned POST form stays valid
     * @param downloadUrlTtl     how long a presigned GET of a version stays valid
     * @param defaultPresets     presets of a session or catalog item that names none
     * @param defaultEngine      the engine of a session that names none
     * @param maxFixups          the state machine's most fix-up passes (cost estimates count them)
     * @param paidEngineDeployed whether a deployed engine spends money: without one GET /spend shows no cap
     * @param aiSpendCaps        each tenant's monthly cap on AI image work
     */
    public record Settings(String bucket, long uploadMaxBytes, Duration uploadFormTtl, Duration downloadUrlTtl,
                           List<String> defaultPresets, String defaultEngine, int maxFixups, boolean paidEngineDeployed,
                           SpendCaps aiSpendCaps) {
        public Settings {
            defaultPresets = List.copyOf(defaultPresets);
        }
    }

    private final Settings config;
    private final RefinementService service;
    private final SessionStore sessions;
    private final ImageStore images;
    private final ImageLinks links;
    private final CatalogStore catalog;
    private final TenantQuota quota;
    private final SessionEventLog events;
    private final WorkflowStarter starter;
    private final FeedbackRounds rounds;
    private final PatternLibrary patterns;
    private final Clock clock;
    private final VersionPreviews previews;
    private final SessionBundles bundles;
    private final SessionExports exports;
    private final BrandKits brandKits;
    private final SpendTotals spend;

    public SessionApi(Settings config, RefinementService service, SessionStore sessions, ImageStore images, ImageLinks links,
                      CatalogStore catalog, SessionEventLog events, WorkflowStarter starter, TenantQuota quota, Clock clock,
                      PatternLibrary patterns, SpendTotals spend, CompletionNotifier notifier, BrandKits brandKits) {
        this.config = config;
        this.service = service;
        this.sessions = sessions;
        this.images = images;
        this.links = links;
        this.catalog = catalog;
        this.quota = quota;
        this.events = events;
        this.starter = starter;
        this.clock = clock;
        this.rounds = new FeedbackRounds(service, events, starter, clock);
        this.patterns = patterns;
        this.previews = new VersionPreviews(images);
        this.bundles = new SessionBundles(images, brandKits);
        this.exports = new SessionExports(service, images, events, notifier, clock, brandKits);
        this.brandKits = brandKits;
        this.spend = spend;
    }

    // ---------------------------------------------------------------- requests and answers

    public record UploadFormRequest(String sku, String fileName) {
    }

    public record StartSessionRequest(String sku, String uploadKey, String prompt, List<String> presets, String engine,
                                      String category, Map<String, String> facts) {
    }

    /** @param estimate what the work will cost, as a range (null when the request answers work already started) */
    public record Started(String sessionId, String status, String executionName, CostEstimate estimate) {
    }

    public record RefinementRequest(String feedback) {
    }

    /** One request of the feedback as the round will carry it out. */
    public record PlannedStep(String request, String operation, String stage, String expected) {
    }

    /** A request of the feedback the round will not carry out, and why. */
    public record DeclinedRequest(String request, String reason) {
    }

    public record RoundStarted(String sessionId, int round, String stage, String executionName, List<PlannedStep> steps,
                               List<DeclinedRequest> declined, String answer, CostEstimate estimate) {
    }

    /**
     * @param approvedBy {@code seller} (the seller approved it), {@code checks} (it passed its stage's checks), or null
     * @param download   on a preset's rendition, a link that saves the image as {@code {sku}-{preset}.{ext}}; else null
     * @param findings   the quality check's findings on a judged rendition, in the check's order (empty on any other version)
     */
    public record VersionView(int number, int parent, String stage, String preset, int round, int iteration, int step, String engine,
                              String approval, String approvedBy, String note, String contentType, String imageKey, String url, String download, boolean imageExpired,
                              Map<String, String> params, Map<String, Double> metrics, long millis, double costUsd, Instant createdAt,
                              List<FindingView> findings) {
    }

    /**
     * One finding of the quality check as the app shows it: what is wrong and what to do in words, and where.
     *
     * @param message     what is wrong and what to do; empty when it passed
     * @param repairStage the stage that can repair it automatically ({@code background}, {@code finalize}…), or null
     * @param regions     where it is, as boxes in fractions [0, 1] of the seller's photo (the session's base version, the
     *                    photo the cut-out was judged on), empty when it passed or concerns no one place
     */
    public record FindingView(String check, boolean passed, String message, String expected, String repairStage, List<RegionView> regions) {
        public static List<FindingView> of(ImageVersion v) {
            return StoredFindings.read(v).map(r -> r.findings().stream().map(f -> new FindingView(f.check(), f.passed(), f.message(), f.expected(),
                    f.repairStage() == null ? null : f.repairStage().id(),
                    f.regions().stream().map(g -> new RegionView(g.x(), g.y(), g.width(), g.height())).toList())).toList()).orElse(List.of());
        }
    }

    /** A box on the seller's photo: its left and top edges, width and height, each a fraction of the photo's width or height. */
    public record RegionView(double x, double y, double width, double height) {
    }

    /** A session, its history, and what a feedback round can ask of its engine on its presets (docs/feedback.md). */
    public record SessionView(Session session, List<SessionEvent> events, List<String> capabilities) {
    }

    /** @param facts what the product is (name → value), handed to every session of the item, as a session's own facts are */
    public record CatalogItemRequest(List<String> presets, String category, String prompt, String sourceKey, Map<String, String> facts) {
        /** A request without facts. */
        public CatalogItemRequest(List<String> presets, String category, String prompt, String sourceKey) {
            this(presets, category, prompt, sourceKey, null);
        }
    }

    // ---------------------------------------------------------------- routes

    /** POST /uploads: a form that uploads one photo under the tenant's prefix, never over an existing original. */
    public PresignedPost uploadForm(String tenant, UploadFormRequest req) {
        if (req == null) {
            throw new InvalidInputException("The request has no body", "send {\"sku\":\"...\",\"fileName\":\"photo.jpg\"}");
        }
        String sku = Ids.sku(req.sku());
        String fileName = Ids.fileName(req.fileName());
        // the upload would start a session the trigger must refuse: say so before the photo is sent
        quota.check(tenant, clock.instant());
        if (fileName.length() > 160) {
            throw new InvalidInputException("The file name has " + fileName.length() + " characters", "rename the photo to at most 160 characters");
        }
        // A time stamp and a random part keep every upload a new object: originals are never overwritten.
        String unique = UPLOAD_STAMP.format(clock.instant()) + "-" + UUID.randomUUID().toString().substring(0, 8) + "-" + fileName;
        UploadKey key = new UploadKey(tenant, sku, unique);
        return links.uploadForm(UploadKey.tenantPrefix(tenant), key.key(), key.contentType(), config.uploadMaxBytes(), config.uploadFormTtl());
    }

    /** POST /sessions without an idempotency key. */
    public Started startSession(String tenant, StartSessionRequest req) {
        return startSession(tenant, req, null);
    }

    /**
     * POST /sessions: from an uploaded key or a prompt; the work runs in the state machine.
     * <ul>
     *   <li>With an {@code Idempotency-Key}, the session's id (and execution name) derive from the tenant and the
     *       key, so a repeated request answers the session the first one started and starts nothing new.</li>
     *   <li>An upload the upload trigger has already refined (the catalog item's last session came from this very
     *       key) answers that session instead of refining the photo twice.</li>
     *   <li>When the execution cannot be started, the session ends FAILED with the reason: none is left PENDING.</li>
     * </ul>
     */
    public Started startSession(String tenant, StartSessionRequest req, String idempotencyKey) {
        if (req == null) {
            throw new InvalidInputException("The request has no body", "send an uploadKey or a prompt, and presets");
        }
        Ids.prompt(req.prompt());
        Ids.category(req.category());
        Ids.facts(req.facts());
        Ids.presets(req.presets());
        String sku = req.sku() == null ? null : Ids.sku(req.sku());
        Source source;
        if (req.uploadKey() != null) {
            if (req.prompt() != null) {
                throw new InvalidInputException("Send an uploadKey or a prompt, not both", "one session refines one base image");
            }
            UploadKey key = ownUpload(tenant, req.uploadKey());
            if (!images.exists(key.key())) {
                throw new NotFoundException("No upload " + key.key());
            }
            sku = sku == null ? key.sku() : sku;
            source = Source.upload(config.bucket(), key.key(), null);
        } else if (req.prompt() != null && !req.prompt().isBlank()) {
            // refused now, in words, rather than a session that fails at its first stage
            service.ensureGeneratesFromPrompt(req.engine() == null ? config.defaultEngine() : req.engine());
            source = Source.prompt(req.prompt());
        } else {
            throw new InvalidInputException("A session needs an uploadKey or a prompt", "upload a photo (POST /uploads) or describe the product");
        }
        if (req.uploadKey() != null && idempotencyKey == null) {
            // the same refinement the upload already started: answer it; other presets or settings are a new session
            Optional<Session> refined = sessionOfUpload(tenant, sku, req.uploadKey()).filter(s -> asksNothingMoreThan(req, s));
            if (refined.isPresent()) {
                Session s = refined.get();
                return new Started(s.id(), s.status().name(), null, null);
            }
        }
        List<String> presets = req.presets() == null || req.presets().isEmpty() ? config.defaultPresets() : req.presets();
        String id = idempotencyKey == null ? UUID.randomUUID().toString()
                : ExecutionNames.sessionIdFrom(ExecutionNames.hash("api-session", tenant, Ids.idempotencyKey(idempotencyKey)));
        String engine = req.engine() == null ? config.defaultEngine() : req.engine();
        // priced before anything is admitted: a first pass whose upper bound would cross the tenant's AI cap is refused
        CostEstimate estimate = affordable(engine, EstimateRequest.firstPass(tenant, presets, req.uploadKey() == null, 0, 0, config.maxFixups()));
        if (idempotencyKey == null || !exists(tenant, id)) {
            quota.admit(tenant, clock.instant());
        }
        Session s;
        try {
            s = service.start(new StartRequest(tenant, id, sku, source, presets,
                    engine, req.category(), req.facts()));
            events.append(new SessionEvent(tenant, id, clock.instant(), "session-created", Map.of("via", "api")));
        } catch (ConflictException repeated) {
            if (idempotencyKey == null) {
                throw repeated;
            }
            // the same request again: answer the session it started (and make sure its execution runs)
            s = service.session(tenant, id);
        }
        String name = ExecutionNames.forSession(id);
        try {
            starter.start(name, ExecutionInput.firstPass(tenant, id));
        } catch (RuntimeException e) {
            try {
                service.fail(tenant, id, "the refinement could not be started (" + e.getClass().getSimpleName() + "): send the request again");
            } catch (RuntimeException recordFailed) {
                e.addSuppressed(recordFailed);
            }
            throw e;
        }
        return new Started(s.id(), s.status().name(), name, estimate);
    }

    /**
     * The estimate of work on an engine, refused when its upper bound would cross the tenant's AI spending cap (the
     * engine says what the cap leaves): better no work than a session stopped half way by the cap.
     */
    private CostEstimate affordable(String engine, EstimateRequest work) {
        CostEstimate estimate = service.estimate(engine, work);
        if (estimate.crossesCap()) {
            throw new BudgetExceededException(String.format(Locale.ROOT,
                    "This work could cost up to $%.2f (at least $%.2f) and the tenant's AI spending cap leaves $%.2f", estimate.highUsd(),
                    estimate.lowUsd(), estimate.capRemainingUsd()),
                    "raise the tenant's AI spending cap, choose fewer presets with scenes, or use the classic engine (free)");
        }
        return estimate;
    }

    /** Whether the request asks for what {@code s} already refines: its presets (or none named), its engine, no new facts. */
    private static boolean asksNothingMoreThan(StartSessionRequest req, Session s) {
        boolean presets = req.presets() == null || req.presets().isEmpty() || req.presets().equals(s.presets());
        boolean engine = req.engine() == null || req.engine().equals(s.engine());
        return presets && engine && req.category() == null && (req.facts() == null || req.facts().isEmpty()) && req.prompt() == null;
    }

    private boolean exists(String tenant, String sessionId) {
        try {
            service.session(tenant, sessionId);
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    /** The session the upload trigger started for this upload, when the SKU's catalog item says it refined exactly this key. */
    private Optional<Session> sessionOfUpload(String tenant, String sku, String uploadKey) {
        if (sku == null) {
            return Optional.empty();
        }
        return catalog.findItem(tenant, sku)
                .filter(item -> uploadKey.equals(item.sourceKey()) && item.lastSessionId() != null)
                .flatMap(item -> {
                    try {
                        return Optional.of(service.session(tenant, item.lastSessionId()));
                    } catch (NotFoundException gone) {
                        return Optional.empty();
                    }
                });
    }

    /** GET /sessions/{id} */
    public SessionView session(String tenant, String sessionId) {
        Session s = service.session(tenant, Ids.session(sessionId));
        // what can be asked depends on the engine and the presets only: no version read on this polled path
        var context = RoundPlanning.context(s, List.of(), service.presets());
        return new SessionView(s, events.events(tenant, sessionId),
                service.planner(s.engine()).capabilities(context));
    }

    /**
     * GET /sessions/{id}/versions: every version, with a short-lived link to each kept image, and for a preset's
     * rendition a second link that saves it as {@code {sku}-{preset}.{ext}} (the name its ZIP gives it).
     */
    public List<VersionView> versions(String tenant, String sessionId) {
        Session s = service.session(tenant, Ids.session(sessionId));
        String naming = SessionBundles.naming(brandKits, tenant);
        return service.versions(tenant, s.id()).stream().map(v -> view(s, v, naming)).toList();
    }

    /** The answer of GET /sessions/{id}/versions/{n}/preview: the preview's facts and a short-lived link to it. */
    public record PreviewView(int number, int size, String contentType, String url, boolean made) {
    }

    /**
     * GET /sessions/{id}/versions/{n}/preview?size=: a small copy of a version ({@link VersionPreviews}), made on the
     * first request for that size and kept, with a short-lived link.
     */
    public PreviewView preview(String tenant, String sessionId, int number, String size) {
        int side = VersionPreviews.side(size);
        ImageVersion v = service.versions(tenant, Ids.session(sessionId)).stream().filter(x -> x.number() == number).findFirst()
                .orElseThrow(() -> new NotFoundException("No version " + number + " in session " + sessionId));
        VersionPreviews.Preview p = previews.preview(v, side);
        return new PreviewView(p.number(), p.side(), p.contentType(), links.downloadUrl(p.key(), config.downloadUrlTtl()).toString(), p.made());
    }

    /** The answer of POST /sessions/{id}/bundle. */
    public record BundleView(String sessionId, List<String> files, String url, boolean made) {
    }

    /** POST /sessions/{id}/bundle: the session's finals as one ZIP in the store ({@link SessionBundles}), with a link. */
    public BundleView bundle(String tenant, String sessionId) {
        Session s = service.session(tenant, Ids.session(sessionId));
        SessionBundles.Bundle b = bundles.bundle(s, service.versions(tenant, s.id()));
        return new BundleView(s.id(), b.files(), links.downloadUrl(b.key(), config.downloadUrlTtl()).toString(), b.made());
    }

    /** The body of POST /sessions/{id}/exports (all optional). */
    public record ExportRequest(String amazonPosition, String amazonId, Boolean replace) {
    }

    /** One file of an export: where it is, its content hash, whether this call wrote it, and a short-lived link. */
    public record ExportedFileView(String preset, int version, String file, String key, String sha256, String status, String url) {
    }

    /** The answer of POST /sessions/{id}/exports. */
    public record ExportView(String sessionId, List<ExportedFileView> files) {
    }

    /**
     * POST /sessions/{id}/exports: the session's finals into the tenant's {@code exports/} folder under each
     * marketplace's names ({@link MarketplaceExports}); exporting again writes only what changed. When anything was
     * written: an {@code exported} event in the session's history and a "Refinement Exported" event on the bus.
     */
    public ExportView export(String tenant, String sessionId, ExportRequest req) {
        Session s = service.session(tenant, Ids.session(sessionId));
        MarketplaceExports.Export e = exports.export(s, req == null ? MarketplaceExports.Request.DEFAULT
                : new MarketplaceExports.Request(req.amazonPosition(), req.amazonId(), Boolean.TRUE.equals(req.replace())));
        return new ExportView(s.id(), e.files().stream().map(f -> new ExportedFileView(f.preset(), f.version(),
                f.key().substring(f.key().lastIndexOf('/') + 1), f.key(), f.sha256(), f.status(),
                links.downloadUrl(f.key(), config.downloadUrlTtl()).toString())).toList());
    }

    /** The body of PUT /brand-kit: the whole kit (what is left out keeps the current version's value, or the default). */
    public record BrandKitRequest(String background, Double margin, Integer canvas, String format, Boolean shadow, Boolean autoExport,
                                  Double pixelsPerCm, Integer expectedVersion, String fileNaming) {
    }

    /** One version of the tenant's brand kit, and the preset it makes. */
    public record BrandKitView(int version, String background, double margin, int canvas, String format, boolean shadow, boolean autoExport,
                               double pixelsPerCm, String updatedAt, String preset, String rules, String fileNaming) {
        static BrandKitView of(BrandKit k) {
            return new BrandKitView(k.version(), k.backgroundHex(), k.margin(), k.canvas(), k.format().name().toLowerCase(Locale.ROOT), k.shadow(),
                    k.autoExport(), k.pixelsPerCm(), k.updatedAt().toString(), k.presetId(), k.preset().rules(), k.fileNaming());
        }
    }

    /** The answer of GET and PUT /brand-kit: the current version and every version, newest first. */
    public record BrandKitAnswer(BrandKitView kit, List<BrandKitView> versions) {
    }

    /** GET /brand-kit. */
    public BrandKitAnswer brandKit(String tenant) {
        BrandKit current = brandKits.current(tenant).orElseThrow(() -> new NotFoundException("Tenant " + tenant + " has no brand kit yet: "
                + "PUT /brand-kit with its background, margin, canvas and format; sessions then ask for the brand-site preset"));
        return new BrandKitAnswer(BrandKitView.of(current), brandKits.history(tenant).stream().map(BrandKitView::of).toList());
    }

    /**
     * PUT /brand-kit: a new version of the tenant's kit. Sessions already started keep the version they started with;
     * the catalog refresh renders the items with brand-site again (their presets' fingerprint names the version).
     * {@code expectedVersion}, when given, must be the current version (two editors cannot overwrite each other).
     */
    public BrandKitAnswer putBrandKit(String tenant, BrandKitRequest req) {
        if (req == null) {
            throw new InvalidInputException("No brand kit given", "send background (#rrggbb), margin (0.02-0.25), canvas (500-4472 px), format (jpeg or png), "
                    + "shadow and autoExport");
        }
        Optional<BrandKit> current = brandKits.current(tenant);
        int version = current.map(BrandKit::version).orElse(0);
        if (req.expectedVersion() != null && req.expectedVersion() != version) {
            throw new ConflictException("The brand kit is at version " + version + ", not " + req.expectedVersion(),
                    "read it again (GET /brand-kit), then send your change with expectedVersion " + version);
        }
        int background = req.background() != null ? hexColour(req.background()) : current.map(BrandKit::background).orElse(0xFFFFFF);
        ImageFormat format;
        try {
            format = req.format() != null ? ImageFormat.parse(req.format()) : current.map(BrandKit::format).orElse(ImageFormat.JPEG);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(e.getMessage(), "choose jpeg or png");
        }
        if (format == ImageFormat.JPEG) {
            // the nearest colour a JPEG keeps exactly, or the background of every brand-site JPEG is off by a level
            background = JpegBackground.keptExactly(background, BrandKit.JPEG_QUALITY);
        }
        BrandKit kit = new BrandKit(tenant, version + 1, background,
                req.margin() != null ? req.margin() : current.map(BrandKit::margin).orElse(0.08),
                req.canvas() != null ? req.canvas() : current.map(BrandKit::canvas).orElse(2048), format,
                req.shadow() != null ? req.shadow() : current.map(BrandKit::shadow).orElse(false),
                req.autoExport() != null ? req.autoExport() : current.map(BrandKit::autoExport).orElse(false),
                req.pixelsPerCm() != null ? req.pixelsPerCm() : current.map(BrandKit::pixelsPerCm).orElse(0.0), clock.instant(),
                req.fileNaming() != null ? req.fileNaming() : current.map(BrandKit::fileNaming).orElse(BrandKit.DEFAULT_FILE_NAMING));
        brandKits.add(kit);
        return brandKit(tenant);
    }

    private static int hexColour(String s) {
        String t = s.trim();
        if (!t.matches("#?[0-9A-Fa-f]{6}")) {
            throw new InvalidInputException("Background '" + s + "' is not a colour", "give it as #rrggbb, e.g. #f4efe6");
        }
        return Integer.parseInt(t.startsWith("#") ? t.substring(1) : t, 16);
    }

    private VersionView view(Session s, ImageVersion v, String naming) {
        boolean kept = !v.imageExpired() && v.imageKey() != null;
        URI url = kept ? links.downloadUrl(v.imageKey(), config.downloadUrlTtl()) : null;
        URI download = kept && v.preset() != null
                ? links.attachmentUrl(v.imageKey(), config.downloadUrlTtl(), SessionBundles.fileName(naming, s, v.preset(), v)) : null;
        return new VersionView(v.number(), v.parent(), v.stage().id(), v.preset(), v.slot().round(), v.slot().iteration(), v.slot().step(), v.engine(),
                v.approval().name(), v.approval() != Approval.APPROVED ? null
                        : RefinementService.SELLER_APPROVED.equals(v.note()) ? "seller" : "checks", v.note(), v.contentType(), v.imageKey(), url == null ? null : url.toString(),
                download == null ? null : download.toString(), v.imageExpired(),
                v.params(), v.metrics(), v.millis(), v.costUsd(), v.createdAt(), FindingView.of(v));
    }

    /**
     * POST /sessions/{id}/refinements: one feedback round on the latest approved version. The feedback is planned
     * first (the engine's grammar, {@link RoundPlanning}): when nothing in it can be done the answer is 400 with what
     * was declined and what can be asked, and no round opens; otherwise the round runs the plan's steps and the
     * answer lists them and anything declined — never a silent no-op.
     */
    public RoundStarted refine(String tenant, String sessionId, RefinementRequest req) {
        Ids.session(sessionId);
        if (req == null || req.feedback() == null || req.feedback().isBlank()) {
            throw new InvalidInputException("No feedback given", "say what to change, e.g. \"a little brighter\" or \"make the product bigger\"");
        }
        Ids.prompt(req.feedback());
        Session current = service.session(tenant, sessionId);
        if (current.status() == SessionStatus.RUNNING || current.status() == SessionStatus.PENDING) {
            // the same answer beginRound gives, before any planning: the seller's words wait for the running round
            throw new ConflictException("Session " + sessionId + " is still " + current.status());
        }
        // one read of the versions serves the plan and the round (opening a round changes neither versions nor head)
        List<ImageVersion> versions = service.versions(tenant, sessionId);
        FeedbackPlan plan = RoundPlanning.plan(service.planner(current.engine()), current, versions, service.presets(), req.feedback());
        if (!plan.actionable()) {
            throw new InvalidInputException("Nothing in this feedback can be done: " + String.join("; ",
                    plan.declined().stream().map(d -> "\"" + d.request() + "\" — " + d.reason()).toList()),
                    "ask for: " + String.join(", ", plan.capabilities()));
        }
        CostEstimate estimate = affordable(current.engine(), roundWork(current, plan, versions));
        FeedbackRounds.Started started = rounds.start(tenant, sessionId, req.feedback(), plan, versions, "seller");
        Session s = started.session();
        Stage stage = started.firstStage();
        String name = started.executionName();
        return new RoundStarted(sessionId, s.round(), stage.id(), name,
                plan.steps().stream().map(st -> new PlannedStep(st.request(), st.operation(), st.stage().id(), st.expected())).toList(),
                plan.declined().stream().map(d -> new DeclinedRequest(d.request(), d.reason())).toList(), plan.answer(), estimate);
    }

    /**
     * A round's work: a model edit per planned step of each edit stage the round runs (the product's colour is
     * computed, not generated; framing is the finisher's), one for a stage the round runs because the head has not
     * been through it, and every scene preset's scene.
     */
    private EstimateRequest roundWork(Session s, FeedbackPlan plan, List<ImageVersion> versions) {
        Map<Stage, Integer> edits = new java.util.EnumMap<>(Stage.class);
        RoundPlanning.Run run = RoundPlanning.run(plan, s, versions);
        for (Stage stage : Stage.EDIT_STAGES) {
            if (!Boolean.TRUE.equals(run.editStages().get(stage.id()))) {
                continue;
            }
            long steps = plan.steps().stream().filter(st -> st.stage() == stage).count();
            long generated = plan.steps().stream().filter(st -> st.stage() == stage && !st.operation().startsWith("colour.")).count();
            edits.put(stage, (int) (steps == 0 ? 1 : generated));
        }
        return new EstimateRequest(s.tenant(), s.presets(), false, 0, 0, edits, config.maxFixups(), false);
    }

    /**
     * POST /sessions/{id}/versions/{n}/approve. A rendition becomes its preset's final; a master version becomes the
     * head and the finals are rendered again from it (a round that only finalizes, checks and publishes), so the
     * finals never show a version the seller moved away from. A version that failed its checks answers 409.
     */
    public Session approve(String tenant, String sessionId, int number) {
        Session s = service.approve(tenant, Ids.session(sessionId), number);
        events.append(new SessionEvent(tenant, sessionId, clock.instant(), "version-approved", Map.of("version", String.valueOf(number))));
        List<ImageVersion> versions = service.versions(tenant, sessionId);
        countPattern(s, number, versions);
        return rerenderIfMaster(tenant, sessionId, number, s, "approved", versions);
    }

    /** The event that a round's feedback was counted in the pattern library: a round counts once, however many of its versions are approved. */
    static final String PATTERN_COUNTED = "pattern-counted";

    /**
     * A seller approval of a version a feedback round made counts that round's words (and its plan's operations) in
     * the tenant's pattern library for the session's category, once per round.
     */
    private void countPattern(Session s, int number, List<ImageVersion> versions) {
        int round = versions.stream().filter(v -> v.number() == number).findFirst()
                .map(v -> v.slot().round()).orElse(0);
        if (round == 0) {
            return;
        }
        List<SessionEvent> log = events.events(s.tenant(), s.id());
        String r = String.valueOf(round);
        if (log.stream().anyMatch(e -> PATTERN_COUNTED.equals(e.type()) && r.equals(e.detail().get("round")))) {
            return;
        }
        log.stream().filter(e -> FeedbackRounds.ROUND_REQUESTED.equals(e.type()) && r.equals(e.detail().get("round"))
                        && e.detail().get("feedback") != null && !e.detail().get("feedback").isBlank())
                .reduce((a, b) -> b)
                .ifPresent(e -> {
                    String ops = e.detail().getOrDefault("operations", "");
                    patterns.approved(s.tenant(), s.category(), e.detail().get("feedback"), ops.isEmpty() ? List.of() : List.of(ops.split(",")),
                            clock.instant());
                    events.append(new SessionEvent(s.tenant(), s.id(), clock.instant(), PATTERN_COUNTED, Map.of("round", r)));
                });
    }

    /** GET /patterns?category=: the feedback sellers of this tenant approved most for the category, as suggestions. */
    public List<PatternLibrary.Pattern> patterns(String tenant, String category) {
        if (category == null || category.isBlank()) {
            throw new InvalidInputException("No category given", "ask for /patterns?category=<the product category, as sessions name it>");
        }
        return patterns.top(tenant, category, MAX_PATTERNS);
    }

    /** Suggestions offered at once: enough to choose from, few enough to read. */
    static final int MAX_PATTERNS = 10;

    /** POST /sessions/{id}/versions/{n}/revert: as approve, for a version the seller goes back to (its record is kept as it was). */
    public Session revert(String tenant, String sessionId, int number) {
        Session s = service.revert(tenant, Ids.session(sessionId), number);
        events.append(new SessionEvent(tenant, sessionId, clock.instant(), "version-reverted", Map.of("version", String.valueOf(number))));
        return rerenderIfMaster(tenant, sessionId, number, s, "reverted to", service.versions(tenant, sessionId));
    }

    /** A new head renders new finals: before, revert moved the head and the finals kept pointing at the old round's renditions. */
    private Session rerenderIfMaster(String tenant, String sessionId, int number, Session s, String what, List<ImageVersion> versions) {
        boolean rendition = versions.stream().anyMatch(v -> v.number() == number && v.stage() == Stage.FINALIZE);
        if (rendition || s.presets().isEmpty()) {
            return s;
        }
        Session round = service.beginRound(tenant, sessionId);
        String name = ExecutionNames.forRound(sessionId, round.round());
        String why = "the seller " + what + " version " + number + ": the finals are rendered again from it";
        // a version before the cut-out is cut out and finished again first, never finalized whole
        RoundPlanning.Run run = RoundPlanning.run(new dev.refinery.feedback.FeedbackPlan(List.of(), List.of(), List.of()), round, versions);
        try {
            starter.start(name, ExecutionInput.feedbackRound(tenant, sessionId, why, run.firstStage(), Map.of(), run.editStages()));
        } catch (RuntimeException e) {
            service.fail(tenant, sessionId, "The finals could not be rendered again from version " + number + " — revert to it again");
            throw e;
        }
        events.append(new SessionEvent(tenant, sessionId, clock.instant(), FeedbackRounds.ROUND_REQUESTED,
                Map.of("round", String.valueOf(round.round()), "stage", Stage.FINALIZE.id(), "plan", why)));
        return round;
    }

    /** GET /sessions?sku=: every session of one SKU, newest first. */
    public List<Session> sessionsBySku(String tenant, String sku) {
        if (sku == null || sku.isBlank()) {
            throw new InvalidInputException("The sku query parameter is required", "call GET /sessions?sku=YOUR-SKU");
        }
        return sessions.findBySku(tenant, Ids.sku(sku));
    }

    /** A page of the session list: the sessions, and the cursor of the next page (null on the last). */
    public record SessionList(List<Session> sessions, String next) {
    }

    /** Sessions a page holds when the client names no limit. */
    static final int DEFAULT_PAGE = 20;

    /**
     * GET /sessions: with {@code sku}, every session of that SKU; without, the tenant's sessions newest first, a page
     * at a time ({@code limit} 1–100, default 20; {@code cursor} the previous page's {@code next}).
     */
    public SessionList sessions(String tenant, String sku, String limit, String cursor) {
        if (sku != null) {
            return new SessionList(sessionsBySku(tenant, sku), null);
        }
        int n = DEFAULT_PAGE;
        if (limit != null) {
            try {
                n = Integer.parseInt(limit.strip());
            } catch (NumberFormatException e) {
                n = -1;
            }
            if (n < 1 || n > dev.refinery.ports.SessionPage.MAX_LIMIT) {
                throw new InvalidInputException("limit must be a whole number from 1 to " + dev.refinery.ports.SessionPage.MAX_LIMIT + ", got " + limit,
                        "leave it out for pages of " + DEFAULT_PAGE);
            }
        }
        if (cursor != null && cursor.length() > 512) {
            throw new InvalidInputException("The cursor has " + cursor.length() + " characters", "send the 'next' of the previous page as it was");
        }
        dev.refinery.ports.SessionPage page = sessions.page(tenant, n, dev.refinery.ports.SessionPage.Cursor.decode(cursor));
        return new SessionList(page.sessions(), page.next());
    }

    /** PUT /catalog/items/{sku} */
    public CatalogItem putCatalogItem(String tenant, String sku, CatalogItemRequest req) {
        Ids.sku(sku);
        if (req != null) {
            Ids.presets(req.presets());
            Ids.category(req.category());
            Ids.facts(req.facts());
        }
        if (req == null || req.presets() == null || req.presets().isEmpty()) {
            throw new InvalidInputException("A catalog item needs presets", "use one or more of: " + String.join(", ", service.presets().ids()));
        }
        service.presets().resolve(tenant, String.join(",", req.presets()), req.facts());
        Ids.prompt(req.prompt());
        String sourceKey = null;
        if (req.sourceKey() != null) {
            UploadKey key = ownUpload(tenant, req.sourceKey());
            if (!key.sku().equals(sku)) {
                throw new InvalidInputException("The source " + key.key() + " belongs to SKU " + key.sku(), "use a photo uploaded for " + sku);
            }
            sourceKey = key.key();
        }
        return catalog.putItem(tenant, sku, req.presets(), req.category() == null ? "generic" : req.category(),
                factsOf(req.facts()), req.prompt(),
                sourceKey == null ? null : config.bucket(), sourceKey, clock.instant());
    }

    /** The facts as stored: a fact sent as null is kept as an empty value (the stores keep no nulls). */
    private static Map<String, String> factsOf(Map<String, String> facts) {
        Map<String, String> out = new java.util.LinkedHashMap<>();
        if (facts != null) {
            facts.forEach((name, value) -> out.put(name, value == null ? "" : value));
        }
        return out;
    }

    /** GET /catalog/items */
    public List<CatalogItem> catalogItems(String tenant) {
        return catalog.items(tenant);
    }

    /**
     * The answer of GET /spend.
     *
     * @param month        the calendar month (UTC) the figures are for, {@code 2026-11}
     * @param spentUsd     what the tenant's AI image work cost this month
     * @param capUsd       the tenant's monthly cap; null when it has none or no paid engine is deployed (classic is free)
     * @param remainingUsd what the cap still allows (never below 0); null when there is no cap
     */
    public record SpendView(String month, double spentUsd, Double capUsd, Double remainingUsd) {
    }

    /**
     * GET /spend: the tenant's AI spending this month against its cap. The figure is the one the openai engine checks
     * its cap against ({@link SpendTotals}, counted per UTC month), the cap the same configuration it reads.
     */
    public SpendView spend(String tenant) {
        double spent = spend.spent(tenant);
        java.util.OptionalDouble cap = config.paidEngineDeployed() ? config.aiSpendCaps().of(tenant) : java.util.OptionalDouble.empty();
        return new SpendView(MONTH.format(clock.instant()), spent, cap.isPresent() ? cap.getAsDouble() : null,
                cap.isPresent() ? Math.max(0, cap.getAsDouble() - spent) : null);
    }

    /** A preset as the API lists it: what a seller chooses by (GET /presets). */
    public record PresetSummary(String id, String name, int width, int height, String format, int minLongSide, boolean requiresAi,
                                String rules, String cutout) {
    }

    /**
     * GET /presets: every preset of the catalog, in its order (the same for every tenant), and the tenant's own
     * {@code brand-site} when it has a brand kit (its current version's canvas, format and rules).
     */
    public List<PresetSummary> presets(String tenant) {
        List<Preset> all = new java.util.ArrayList<>(service.presets().all());
        brandKits.current(tenant).ifPresent(k -> all.add(k.preset()));
        return all.stream()
                .map(p -> new PresetSummary(BrandKit.isPreset(p.id()) ? BrandKit.PRESET : p.id(), p.name(), p.width(), p.height(),
                        p.format().name().toLowerCase(java.util.Locale.ROOT), p.minLongSide(), p.requiresAi(), p.rules(),
                        p.cutout().name().toLowerCase(java.util.Locale.ROOT)))
                .toList();
    }

    /** An upload key the tenant owns; another tenant's key is forbidden, whatever it points at. */
    private static UploadKey ownUpload(String tenant, String key) {
        if (key.startsWith(UploadKey.PREFIX) && !key.startsWith(UploadKey.tenantPrefix(tenant))) {
            throw new ForbiddenException("The key is outside your uploads", "use a key under " + UploadKey.tenantPrefix(tenant));
        }
        UploadKey parsed = UploadKey.parse(key);
        if (!parsed.tenant().equals(tenant)) {
            throw new ForbiddenException("The key is outside your uploads", "use a key under " + UploadKey.tenantPrefix(tenant));
        }
        return parsed;
    }
}
