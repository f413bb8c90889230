package dev.refinery.openai;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.MultipartField;
import com.openai.core.Timeout;
import com.openai.core.http.HttpResponseFor;
import com.openai.credential.BearerTokenCredential;
import com.openai.core.RequestOptions;
import com.openai.errors.OpenAIException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.images.Image;
import com.openai.models.images.ImageEditParams;
import com.openai.models.images.ImageGenerateParams;
import com.openai.models.images.ImagesResponse;
import dev.refinery.color.ArgbPixels;
import dev.refinery.color.Masks;
import dev.refinery.domain.EngineUnavailableException;
import dev.refinery.domain.Preset;
import dev.refinery.domain.PresetCatalog;
import dev.refinery.domain.Stage;
import dev.refinery.engine.CallDeadline;
import dev.refinery.engine.CostEstimate;
import dev.refinery.engine.CutoutReconciliation;
import dev.refinery.engine.EstimateRequest;
import dev.refinery.engine.EditRequest;
import dev.refinery.engine.EditResult;
import dev.refinery.engine.GenerateRequest;
import dev.refinery.engine.ImageCodec;
import dev.refinery.engine.LightMeter;
import dev.refinery.engine.ProductColour;
import dev.refinery.engine.ProductSegmenter;
import dev.refinery.engine.RefinementEngine;
import dev.refinery.quality.RequestedEffect;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Function;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * The generative engine: GPT Image edits through the official openai-java SDK.
 *
 * <ul>
 *   <li>{@link #generate}: the base image from a prompt (images.generate).</li>
 *   <li>{@link #edit} for lighting, background and detail: an edit of the latest approved version,
 *       with the seller's original as a second input image, a prompt carrying the step's goal, the
 *       presets' requirements, the product facts, every earlier approved change and this round's
 *       feedback. For {@link Stage#FINALIZE} with the hint {@code scene=<preset>}: a lifestyle scene.</li>
 *   <li>Background and scene steps send a mask and then lock the product: the input's product
 *       pixels are composited back through its cut-out, because a mask only guides the model.</li>
 *   <li>After every call a fidelity check (cut-out IoU and CIEDE2000 against the previous approved
 *       version) rejects a step whose product drifted, with the numbers.</li>
 *   <li>Cost from the response's token usage; a per-tenant cap refuses work before the call.</li>
 * </ul>
 *
 * <p>Runs find it through {@link OpenAiEngineProvider} ({@code java.util.ServiceLoader}, {@code EngineAssembly}), which
 * builds it without reading the key (read on the first model call); {@link #create} builds one that checks the key at once.
 */
public final class OpenAiEngine implements RefinementEngine {
    public static final String ID = "openai";
    /** Roughly what one 1024x1024 output costs in image tokens per quality; used to estimate before a call. */
    private static final Map<String, Integer> OUTPUT_TOKENS_1MP = Map.of("low", 272, "medium", 1056, "high", 4160, "auto", 4160);
    /** A generous estimate of one input image's tokens at high input fidelity. */
    private static final int INPUT_IMAGE_TOKENS = 6_000;

    private final OpenAIClient client;
    private final OpenAiConfig config;
    private final ModelProfile profile;
    private final PriceTable.Prices prices;
    private final ProductSegmenter segmenter;
    private final TemplateRepository templates;
    private final ApiKeyProvider key;
    private final SpendLedger ledger;
    private final PresetCatalog presets;
    /** The mockup scene templates scene presets name (mockups.json). */
    private final Map<String, MockupTemplate> mockups = MockupTemplate.bundled();
    private final RequestSizer sizer;
    private final Clock clock;
    /** Reads the photo's light for the quality check's evidence; null records none. */
    private final LightMeter lightMeter;

    /** The constructor seam: tests pass a client pointed at a local server. */
    public OpenAiEngine(OpenAIClient client, OpenAiConfig config, ProductSegmenter segmenter, TemplateRepository templates,
                        SpendLedger ledger, PresetCatalog presets, Clock clock) {
        this(client, null, config, segmenter, templates, ledger, presets, clock);
    }

    /**
     * As above, with the key provider the client's credential reads ({@code key}): when OpenAI refuses the key
     * the engine has it read again and retries the call once (a key rotated in its secret works at once,
     * not after the cache's TTL).
     */
    public OpenAiEngine(OpenAIClient client, ApiKeyProvider key, OpenAiConfig config, ProductSegmenter segmenter, TemplateRepository templates,
                        SpendLedger ledger, PresetCatalog presets, Clock clock) {
        this(client, key, config, segmenter, templates, ledger, presets, clock, null);
    }

    private OpenAiEngine(OpenAIClient client, ApiKeyProvider key, OpenAiConfig config, ProductSegmenter segmenter, TemplateRepository templates,
                         SpendLedger ledger, PresetCatalog presets, Clock clock, LightMeter lightMeter) {
        this.lightMeter = lightMeter;
        this.client = client;
        this.key = key;
        this.config = config;
        this.profile = config.profile();
        this.prices = config.prices().forModel(config.model()).orElseThrow(() -> new EngineUnavailableException(
                "No token prices for model " + config.model() + " in " + config.prices().source(),
                "add the model to a price table and point REFINERY_OPENAI_PRICES at it, so its cost can be recorded and capped"));
        this.segmenter = segmenter;
        this.templates = templates;
        this.ledger = ledger;
        this.presets = presets;
        this.sizer = new RequestSizer(config.sizes());
        this.clock = clock;
    }

    /**
     * This engine recording, with every lighting step, the light meter's reading of the photo and the change the
     * model made as per-channel gains and EV (measured, not declared): the quality check then predicts the final's
     * colours and weighs the white balance exactly as for the classic engine. Null records nothing.
     */
    /** Plans feedback rounds with the configured language model, on this engine's client, prices and spending cap. */
    @Override
    public dev.refinery.feedback.FeedbackPlanner planner() {
        return new ModelPlanner(client, config.planner(), config.prices(), ledger);
    }

    /** Reads the service's presets (a tenant's brand-site, from its kit, among them). */
    @Override
    public OpenAiEngine withPresets(PresetCatalog catalog) {
        return new OpenAiEngine(client, key, config, segmenter, templates, ledger, catalog, clock, lightMeter);
    }

    public OpenAiEngine withLightMeter(LightMeter meter) {
        return new OpenAiEngine(client, key, config, segmenter, templates, ledger, presets, clock, meter);
    }

    LightMeter lightMeter() {
        return lightMeter;
    }

    /** The engine for a given configuration, with the key read from where the configuration says; spending counted in this process. */
    public static OpenAiEngine create(OpenAiConfig config, Map<String, String> env, ProductSegmenter segmenter) {
        return create(config, env, segmenter, InMemorySpendLedger.from(config));
    }

    /** As above, with the spending ledger given (deployed: one whose totals every container shares). */
    public static OpenAiEngine create(OpenAiConfig config, Map<String, String> env, ProductSegmenter segmenter, SpendLedger ledger) {
        ApiKeyProvider key = keyProvider(config, env);
        key.apiKey(); // fail now, not on the first image
        TemplateRepository bundled = new ClasspathTemplateRepository();
        TemplateRepository templates = config.templateDir() == null ? bundled : new DirectoryTemplateRepository(config.templateDir(), bundled);
        return new OpenAiEngine(client(config, key, b -> { }), key, config, segmenter, templates, ledger,
                PresetCatalog.bundled(), Clock.systemUTC());
    }

    /** Where the key comes from: the secret or parameter in AWS, else OPENAI_API_KEY. */
    public static ApiKeyProvider keyProvider(OpenAiConfig config, Map<String, String> env) {
        OpenAiConfig.KeySource k = config.keySource();
        try {
            return switch (k.kind()) {
                case ENVIRONMENT -> new EnvApiKeyProvider(env);
                case SECRETS_MANAGER -> AwsKeyProviders.secretsManager(k.id(), k.region(), k.endpoint(), k.ttl(), Clock.systemUTC());
                case SSM_PARAMETER -> AwsKeyProviders.ssm(k.id(), k.region(), k.endpoint(), k.ttl(), Clock.systemUTC());
            };
        } catch (NoClassDefFoundError e) {
            throw new EngineUnavailableException("The key is configured in AWS (" + k.kind() + ") but the AWS SDK is not on the classpath",
                    "add software.amazon.awssdk:secretsmanager and ssm (and url-connection-client) to the deployment package");
        }
    }

    /**
     * The SDK client, built once per process: the key through a supplier (so a rotated secret is
     * picked up after its cache TTL), explicit timeouts, and few SDK retries because the state
     * machine retries as well.
     */
    public static OpenAIClient client(OpenAiConfig config, ApiKeyProvider key, Consumer<OpenAIOkHttpClient.Builder> customise) {
        OpenAIOkHttpClient.Builder b = OpenAIOkHttpClient.builder()
                .credential(BearerTokenCredential.create(key::apiKey))
                .maxRetries(config.maxRetries())
                .timeout(Timeout.builder()
                        .connect(config.connectTimeout())
                        .read(config.requestTimeout())
                        .write(config.requestTimeout())
                        .request(config.requestTimeout())
                        .build());
        if (config.baseUrl() != null) {
            b.baseUrl(config.baseUrl());
        }
        customise.accept(b);
        return b.build();
    }

    @Override
    public String id() {
        return ID;
    }

    public OpenAiConfig config() {
        return config;
    }

    // ------------------------------------------------------------------ generate

    @Override
    public boolean generatesFromPrompt() {
        return true;
    }

    @Override
    public EditResult generate(GenerateRequest req) {
        List<Preset> targets = presetsOf(req.tenant(), req.presetIds(), req.facts());
        PromptTemplate template = templates.template(req.tenant(), req.facts() == null ? null : req.facts().get("category"));
        Map<String, String> facts = req.facts() == null ? Map.of() : req.facts();
        String prompt = PromptBuilder.generate(template, targets, facts, req.prompt());
        double aspect = targets.isEmpty() ? 1.0 : targets.get(0).width() / (double) targets.get(0).height();
        int[] size = sizer.sizeForAspect(aspect, profile);
        OutputSettings out = config.outputs().forMaster(req.presetIds());
        double estimate = estimateUsd(size[0], size[1], out.quality(), 0, prompt);
        ledger.ensureCanSpend(req.tenant(), estimate);

        ImageGenerateParams.Builder b = ImageGenerateParams.builder()
                .prompt(prompt)
                .model(config.model())
                .n(1L)
                .size(size[0] + "x" + size[1])
                .quality(ImageGenerateParams.Quality.of(out.quality()))
                .outputFormat(ImageGenerateParams.OutputFormat.of(out.format()))
                .user(userId(req.tenant()));
        if (out.hasCompression()) {
            b.outputCompression((long) out.compression());
        }
        ImageGenerateParams params = b.build();
        long t0 = System.nanoTime();
        Answer answer = call("the base image", options -> client.images().withRawResponse().generate(params, options));
        double cost = answer.costUsd(prices, estimate);
        ledger.record(req.tenant(), cost);

        Map<String, String> p = commonParams("base", template, size[0] + "x" + size[1], out, answer, prompt, cost);
        p.put(DigitalSourceType.PARAM, DigitalSourceType.TRAINED_ALGORITHMIC_MEDIA.code());
        Map<String, Double> m = usageMetrics(answer, cost, t0);
        return new EditResult(ImageOps.rgb(answer.image()), p, m, List.of(), cost, template.step("base").summary());
    }

    // ------------------------------------------------------------------ edit

    @Override
    public EditResult edit(Stage stage, EditRequest req) {
        String colour = stage == Stage.DETAIL ? req.hint("colour", null) : null;
        if (colour == null) {
            return modelEdit(stage, req);
        }
        // The seller's "the mug is navy" is computed (ProductColour), never asked of the image model, which would redraw
        // the print; an instruction beside it (a repair of the detail stage carrying both) goes to the model first.
        EditResult model = req.hints().containsKey(PromptBuilder.INSTRUCTION) ? modelEdit(stage, req) : null;
        if (model != null && !model.passed()) {
            return model;
        }
        BufferedImage in = model == null ? req.current() : model.image();
        int w = in.getWidth(), h = in.getHeight();
        ProductColour.Outcome c = ProductColour.shift(ArgbPixels.read(in), w, ImageOps.hasCutout(in), colour, RequestedEffect.strength(req.hints()));
        double cost = model == null ? 0 : model.costUsd();
        Map<String, String> p = new LinkedHashMap<>(model == null ? Map.of("step", "colour") : model.params());
        Map<String, Double> m = new LinkedHashMap<>(model == null ? Map.of() : model.metrics());
        if (!c.problems().isEmpty()) {
            return new EditResult(req.current(), p, m, c.problems(), cost, null);
        }
        p.putAll(c.shift().params());
        m.put("colourMoved", c.shift().moved());
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_ARGB);
        out.setRGB(0, 0, w, h, c.argb(), 0, w);
        return new EditResult(out, p, m, List.of(), cost, model == null ? c.summary() : model.summary() + "; " + c.summary());
    }

    private EditResult modelEdit(Stage stage, EditRequest req) {
        String step = switch (stage) {
            case LIGHTING -> "lighting";
            case BACKGROUND -> "background";
            case DETAIL -> "detail";
            case FINALIZE -> "scene";
            default -> throw new IllegalArgumentException("the openai engine edits lighting, background, detail and scenes, not " + stage.id());
        };
        Preset scene = null;
        if (step.equals("scene")) {
            String sceneId = req.hint("scene", null);
            if (sceneId == null) {
                throw new IllegalArgumentException("a finalize edit with the openai engine makes a scene and needs the hint scene=<preset id>");
            }
            scene = presets.get(sceneId);
        }
        boolean lock = step.equals("background") || step.equals("scene");
        List<Preset> targets = presetsOf(req.tenant(), req.presetIds(), req.facts());
        PromptTemplate template = templates.template(req.tenant(), req.facts().get("category"));
        OutputSettings out = scene != null ? config.outputs().forScene(scene.id()) : config.outputs().forMaster(req.presetIds());

        BufferedImage current = req.current();
        boolean cutout = ImageOps.hasCutout(current);
        BufferedImage before = cutout ? ImageOps.flatten(current, Color.WHITE) : ImageOps.rgb(current);
        // The background step cuts the product out as the classic engine does (one procedure, the same evidence
        // for the quality check); other steps only need the product's outline to compare with.
        ProductSegmenter.Segmentation cut = !cutout && step.equals("background") ? segmenter.cutOut(before, req.hints()) : null;
        float[] beforeMask = cutout ? Masks.alphaOf(current) : cut != null ? cut.alpha() : segmenter.segment(before, req.hints());
        if (beforeMask.length != before.getWidth() * before.getHeight()) {
            throw new IllegalStateException("the segmenter returned a mask of " + beforeMask.length + " values for a "
                    + before.getWidth() + "x" + before.getHeight() + " image");
        }
        if (cut != null && !cut.problems().isEmpty()) {
            // No plausible product to lock: refuse before paying for a call.
            return new EditResult(current, cut.params(), cut.evidence(), cut.problems(), 0, null);
        }
        if (cut != null && GhostMannequin.wanted(targets)) {
            return ghostMannequin(req, template, out, before, cut);
        }
        if (cut != null && AiCutout.wanted(targets, req.hints(), config.cutout())) {
            return aiCutout(req, template, out, before, cut);
        }
        if (Masks.boundingBox(beforeMask, before.getWidth(), before.getHeight(), 0.5).isEmpty()) {
            // Nothing to protect or compare: refuse before paying for a call.
            return new EditResult(current, Map.of("step", step), Map.of(), List.of(
                    "no product could be found in the current version, so its fidelity could not be protected"), 0, null);
        }
        RequestFrame frame;
        MockupTemplate mockup = null;
        String lightFrom = null;
        if (scene != null) {
            // A scene is laid out for its preset first: the product at the target fill on a canvas of the preset's aspect.
            int[] size = sizer.sizeForAspect(scene.width() / (double) scene.height(), profile);
            mockup = scene.mockup() == null ? null : MockupTemplate.of(mockups, scene.id(), scene.mockup());
            // a mockup's composition places the product; the quality check's fill correction, when it asks one, still wins
            double fill = mockup != null && req.hint("fill", null) == null ? within(mockup.fill(), scene) : fillHint(req.hint("fill", null), scene);
            lightFrom = mockup == null ? null : mockup.light().equals("match") ? MockupLight.from(before, beforeMask) : mockup.light();
            SceneComposition c = mockup == null ? SceneComposition.compose(before, beforeMask, scene, fill, size[0], size[1])
                    : SceneComposition.compose(before, beforeMask, scene, fill, size[0], size[1], mockup.centreX(), mockup.centreY());
            before = c.canvas();
            beforeMask = c.alpha();
            frame = RequestFrame.fit(size[0], size[1], size[0], size[1]);
        } else {
            frame = sizer.frameFor(before.getWidth(), before.getHeight(), profile);
        }
        int w = before.getWidth(), h = before.getHeight();
        BufferedImage first = frame.pad(before, ImageOps.borderColour(before));
        BufferedImage original = ImageOps.rgb(req.original() == null ? before : req.original());
        BufferedImage reference = RequestFrame.fit(original.getWidth(), original.getHeight(), frame.width(), frame.height())
                .pad(original, ImageOps.borderColour(original));
        BufferedImage mask = lock ? frame.pad(ImageOps.editMask(beforeMask, w, h), null) : null;

        String prompt = PromptBuilder.edit(step, template, targets, scene, req.facts(), req.keep(),
                req.hints().getOrDefault(PromptBuilder.INSTRUCTION, req.feedback()), req.hints());
        if (mockup != null) {
            prompt = PromptBuilder.mockup(prompt, mockup, lightFrom, req.facts());
        }
        // encoded once; each attempt gets fresh streams (a retry after a refused key re-sends the same images)
        byte[] firstPng = ImageCodec.png(first), referencePng = ImageCodec.png(reference), maskPng = mask == null ? null : ImageCodec.png(mask);

        // A step whose product drifted is asked again once, told what drifted; a second failure stands (the
        // version is rejected with both attempts' reasons, and the session cannot end COMPLETED on it).
        Attempt attempt = null;
        double cost = 0;
        int calls = 0;
        List<String> rejected = new ArrayList<>();
        for (int n = 1; n <= MAX_ATTEMPTS; n++) {
            String asked = rejected.isEmpty() ? prompt : PromptBuilder.corrected(prompt, rejected);
            double estimate = estimateUsd(frame.width(), frame.height(), out.quality(), 2, asked);
            if (n == 1) {
                ledger.ensureCanSpend(req.tenant(), estimate);
            } else {
                try {
                    ledger.ensureCanSpend(req.tenant(), estimate);
                } catch (SpendingCapExceededException e) {
                    rejected.add("not asked again: the spending cap leaves too little for another attempt");
                    break;
                }
            }
            attempt = attempt(step, stage, scene, lock, cutout, req, frame, before, beforeMask, original, asked, firstPng, referencePng, maskPng, out, estimate,
                    mockup, lightFrom);
            calls++;
            cost += attempt.cost();
            if (attempt.fidelity().problems().isEmpty()) {
                break;
            }
            rejected.add("attempt " + n + ": " + String.join("; ", attempt.fidelity().problems()));
        }
        boolean passed = attempt.fidelity().problems().isEmpty();

        // The background step hands on the cut-out; later steps keep the alpha they were given. A scene keeps its
        // complete picture in RGB (also under alpha 0) and marks the locked product with alpha.
        BufferedImage image = cutout || lock ? ImageOps.withAlpha(attempt.after(), beforeMask) : attempt.after();
        // The steps that re-render the product are locked too, on what a change of light or detail can be: lighting
        // keeps the seller's pixels under the model's light measured over the product, detail the model's lightness
        // with the input's chroma. What the model redrew beyond that (a part's hue moved, a region relit on its own)
        // cannot reach the final, and no check has to tell it from a faithful re-render (docs/decisions.md, round 17).
        LightChange.Measured light = null;
        double strayed = Double.NaN;
        if (passed && step.equals("lighting")) {
            light = LightChange.measure(before, attempt.after(), beforeMask);
            BufferedImage relit = LightChange.applyTo(before, light);
            strayed = LightChange.strayed(attempt.after(), relit, beforeMask);
            image = cutout ? ImageOps.withAlpha(relit, beforeMask) : ImageOps.rgb(relit);
        } else if (passed && step.equals("detail")) {
            BufferedImage locked = ChromaLock.apply(attempt.after(), before);
            image = cutout ? ImageOps.withAlpha(locked, beforeMask) : ImageOps.rgb(locked);
        }

        Map<String, String> p = commonParams(step, template, frame.size(), out, attempt.answer(), attempt.prompt(), cost);
        p.put("input_fidelity", config.inputFidelity() == null ? "not sent" : config.inputFidelity());
        p.put("mask", String.valueOf(mask != null));
        p.put("product_lock", String.valueOf(lock));
        if (light != null) {
            p.put("light_lock", "true");
        } else if (passed && step.equals("detail")) {
            p.put("chroma_lock", "true");
        }
        p.put("fidelity.attempts", String.valueOf(calls));
        if (!rejected.isEmpty()) {
            p.put("fidelity.rejectedAttempts", String.join(" | ", rejected));
        }
        if (light == null) {
            // the light lock's picture is the seller's pixels under a change of light: no trained-model pixels in it
            p.put(DigitalSourceType.PARAM, DigitalSourceType.COMPOSITE_WITH_TRAINED_ALGORITHMIC_MEDIA.code());
        }
        if (scene != null) {
            p.put("scene", scene.id());
        }
        if (mockup != null) {
            p.put("mockup", mockup.versionedId());
            p.put("mockup.light", lightFrom);
            p.put("mockup.shadow", mockup.shadow());
            if (mockup.person()) {
                p.put("model.choices", ModelChoices.from(req.facts()).recorded());
            }
        }
        if (cut != null) {
            p.putAll(cut.params());
        }
        Map<String, Double> m = usageMetrics(attempt.answer(), cost, attempt.startedNanos());
        if (cut != null) {
            // the cut's own evidence, for the quality check, under the names the classic engine uses
            m.putAll(cut.evidence());
        }
        FidelityCheck.Result fidelity = attempt.fidelity(), toPhoto = attempt.toPhoto();
        if (!Double.isNaN(fidelity.iou())) {
            m.put("fidelity.iou", fidelity.iou());
        }
        if (!Double.isNaN(fidelity.meanDeltaE())) {
            m.put("fidelity.deltaE.mean", fidelity.meanDeltaE());
            m.put("fidelity.deltaE.max", fidelity.maxDeltaE());
        }
        if (toPhoto != null && !Double.isNaN(toPhoto.meanDeltaE())) {
            m.put("fidelity.photo.deltaE.mean", toPhoto.meanDeltaE());
        }
        if (toPhoto != null && !Double.isNaN(toPhoto.structure())) {
            m.put("fidelity.photo.structure", toPhoto.structure());
        }
        m.put("fidelity.minIou", config.fidelity().minIou());
        m.put("fidelity.maxDeltaE", attempt.maxDeltaE());
        m.put("fidelity.minStructure", config.fidelity().minStructure());
        boolean metered = stage == Stage.LIGHTING && !cutout && lightMeter != null;
        // What the step changed, declared as the classic engine declares its own (the check predicts through it): the
        // light the lock applied, or, for a rejected answer, what the model did to the whole picture.
        LightChange.Measured change = light != null ? light : metered ? LightChange.measure(before, attempt.after()) : null;
        if (change != null) {
            p.putAll(change.params());
            m.put("exposureEv", change.exposureEv());
        }
        if (light != null) {
            m.put("lighting.modelStrayed.deltaE", strayed);
        }
        if (metered) {
            // ... and the photo's light as evidence
            LightMeter.Reading reading = lightMeter.read(before);
            p.put("lighting.measured", "true");
            p.put("wbEvidence", fmt(reading.whiteBalanceEvidence()));
            p.put("wbEstimatedCast", fmt(reading.estimatedCast()));
            // what the photo's light still asks for after the model's change (a model that ignored a cast leaves it all)
            p.put("wbResidualCast", fmt(reading.residualCast(new double[] {change.gainR(), change.gainG(), change.gainB()})));
            if (reading.exposureEv() > 0) {
                // the brightening the photo's meter asks for and the model did not give (a dark photo left dark)
                p.put("exposureShort", fmt(Math.max(0, reading.exposureEv() - change.exposureEv())));
            }
            // the brightening the photo's meter asks for: the model's beyond 1 EV counts as right only as far as it agrees
            p.put("exposureMetered", fmt(Double.isNaN(reading.exposureEv()) ? Double.NaN : Math.max(0, reading.exposureEv())));
            m.put("wbEvidence", reading.whiteBalanceEvidence());
        }
        List<String> problems = passed ? List.of() : rejected;
        String summary = template.step(step).summary();
        if (light != null) {
            summary += String.format(Locale.ROOT, " (your photo's own pixels under the model's light, %+.2f EV%s)", light.exposureEv(),
                    strayed > 3 ? String.format(Locale.ROOT, "; what it redrew besides, ΔE %.1f on the product, left out", strayed) : "");
        } else if (passed && step.equals("detail")) {
            summary += " (your photo's colours kept under the model's detail)";
        }
        return new EditResult(image, p, m, problems, cost, summary);
    }

    /**
     * The background step with an AI cut-out: the model is asked for the product on a transparent background (one
     * call, the photo as its only image, no mask), its alpha is mapped back through the request frame and reconciled
     * with the classic cut-out, and the photo's own pixels are handed on under the result. This call replaces the
     * masked background edit: the finisher composites the cut-out on the preset's backdrop, so an edited backdrop
     * would be thrown away. A refusal (moderation, or a model that does not take {@code background=transparent}) or
     * an opaque answer falls back to the classic cut-out and says so; a disagreement beyond the reconciliation's
     * bound is recorded for the quality check, which names the region (cutout-ai-disagrees).
     */
    private EditResult aiCutout(EditRequest req, PromptTemplate template, OutputSettings out, BufferedImage before,
                                ProductSegmenter.Segmentation cut) {
        int w = before.getWidth(), h = before.getHeight();
        RequestFrame frame = sizer.frameFor(w, h, profile);
        byte[] photoPng = ImageCodec.png(frame.pad(before, ImageOps.borderColour(before)));
        String prompt = PromptBuilder.cutout(template, req.facts(), req.hints());
        double estimate = estimateUsd(frame.width(), frame.height(), out.quality(), 1, prompt);
        ledger.ensureCanSpend(req.tenant(), estimate);
        Supplier<ImageEditParams> params = () -> editParams(List.of(photoPng), null, prompt, frame, out, req.tenant(), true);
        long t0 = System.nanoTime();
        Answer answer;
        String fallback = null;
        try {
            answer = call("the AI cut-out", options -> client.images().withRawResponse().edit(params.get(), options));
        } catch (ModerationBlockedException | InvalidModelRequestException refused) {
            // nothing is billed for a refused request
            answer = null;
            fallback = "the model refused the cut-out: " + refused.getMessage();
        }
        double cost = 0;
        CutoutReconciliation.Result reconciled = null;
        if (answer != null) {
            cost = answer.costUsd(prices, estimate);
            ledger.record(req.tenant(), cost);
            AiCutout.Reading reading = AiCutout.read(frame, answer.image());
            if (reading.unusable() != null) {
                fallback = reading.unusable();
            } else {
                reconciled = AiCutout.reconcile(before, cut, reading.alpha());
            }
        }
        Map<String, String> p = new LinkedHashMap<>(cut.params());
        Map<String, Double> m = new LinkedHashMap<>(cut.evidence());
        if (answer != null) {
            p.putAll(commonParams("background", template, frame.size(), out, answer, prompt, cost));
            p.put("output_format", "png");
            p.put("background", "transparent");
            m.putAll(usageMetrics(answer, cost, t0));
        } else {
            p.put("step", "background");
            p.put("prompt", prompt);
            p.put("cost.usd", "0.000000");
        }
        p.put("product_lock", "true");
        p.putAll(AiCutout.params(reconciled, fallback));
        if (reconciled != null) {
            m.putAll(reconciled.metrics(w, h));
        }
        BufferedImage image = reconciled != null ? AiCutout.composite(before, reconciled) : ImageOps.withAlpha(before, cut.alpha());
        String summary = reconciled != null ? "product cut out (the image model's cut-out reconciled with the classic one)"
                : "product cut out (classic: " + fallback + ")";
        return new EditResult(image, p, m, List.of(), cost, summary);
    }

    /**
     * An images/edits request: {@code images} in order (the version to edit, then the seller's original for reference,
     * or the photo alone), the mask when given. Transparent: {@code background=transparent} as PNG (the AI cut-out);
     * else the output settings' format and compression.
     */
    private ImageEditParams editParams(List<byte[]> images, byte[] maskPng, String prompt, RequestFrame frame, OutputSettings out, String tenant,
                                       boolean transparent) {
        ImageEditParams.Builder b = ImageEditParams.builder()
                .image(MultipartField.<ImageEditParams.Image>builder()
                        .value(ImageEditParams.Image.ofInputStreams(images.stream().map(bytes -> (InputStream) new ByteArrayInputStream(bytes)).toList()))
                        .contentType("image/png")
                        .filename("image.png")
                        .build())
                .prompt(prompt)
                .model(config.model())
                .n(1L)
                .size(frame.size())
                .quality(ImageEditParams.Quality.of(out.quality()))
                .user(userId(tenant));
        if (transparent) {
            b.background(ImageEditParams.Background.TRANSPARENT).outputFormat(ImageEditParams.OutputFormat.PNG);
        } else {
            b.outputFormat(ImageEditParams.OutputFormat.of(out.format()));
            if (out.hasCompression()) {
                b.outputCompression((long) out.compression());
            }
        }
        if (config.inputFidelity() != null) {
            b.inputFidelity(ImageEditParams.InputFidelity.of(config.inputFidelity()));
        }
        if (maskPng != null) {
            b.mask(MultipartField.<InputStream>builder().value(new ByteArrayInputStream(maskPng)).contentType("image/png").filename("mask.png").build());
        }
        return b.build();
    }

    /**
     * The background step of a ghost-mannequin preset: the image model cuts the garment out without the mannequin (held
     * inside the classic cut-out, which keeps both), then paints the garment's inside into the neck opening the
     * mannequin leaves, in a masked edit that can touch nothing else; the garment's pixels are the seller's. Without
     * the model's cut-out (refused, or opaque) there is no ghost image to make: the step fails and says why.
     */
    private EditResult ghostMannequin(EditRequest req, PromptTemplate template, OutputSettings out, BufferedImage before,
                                      ProductSegmenter.Segmentation cut) {
        int w = before.getWidth(), h = before.getHeight();
        RequestFrame frame = sizer.frameFor(w, h, profile);
        byte[] photoPng = ImageCodec.png(frame.pad(before, ImageOps.borderColour(before)));
        String cutPrompt = GhostMannequin.cutoutPrompt(template, req.facts(), req.hints()), fillPrompt = GhostMannequin.fillPrompt();
        double estimate = estimateUsd(frame.width(), frame.height(), out.quality(), 1, cutPrompt);
        // both calls are priced before the first is made: a ghost image half made is of no use
        ledger.ensureCanSpend(req.tenant(), 2 * estimate);
        Map<String, String> p = new LinkedHashMap<>(cut.params());
        p.put("step", "background");
        p.put("studio", Preset.GHOST_MANNEQUIN);
        p.put("prompt", cutPrompt);
        long t0 = System.nanoTime();
        Answer garmentAnswer;
        try {
            garmentAnswer = call("the ghost mannequin's cut-out", options -> client.images().withRawResponse()
                    .edit(editParams(List.of(photoPng), null, cutPrompt, frame, out, req.tenant(), true), options));
        } catch (ModerationBlockedException | InvalidModelRequestException refused) {
            return new EditResult(req.current(), p, cut.evidence(), List.of("the ghost mannequin needs the image model's cut-out of the garment, "
                    + "and it refused: " + refused.getMessage()), 0, null);
        }
        double cost = garmentAnswer.costUsd(prices, estimate);
        ledger.record(req.tenant(), cost);
        AiCutout.Reading reading = AiCutout.read(frame, garmentAnswer.image());
        if (reading.unusable() != null) {
            return new EditResult(req.current(), p, cut.evidence(), List.of("the ghost mannequin needs the image model's cut-out of the garment: "
                    + reading.unusable()), cost, null);
        }
        GhostMannequin.Garment garment = GhostMannequin.garment(cut.alpha(), reading.alpha(), w, h);
        boolean[] opening = GhostMannequin.neckOpening(garment.alpha(), cut.alpha(), w, h);
        long openingPixels = 0, garmentPixels = 0;
        for (int i = 0; i < opening.length; i++) {
            openingPixels += opening[i] ? 1 : 0;
            garmentPixels += garment.alpha()[i] >= 0.5f ? 1 : 0;
        }
        BufferedImage filled = null;
        Answer fillAnswer = null;
        if (openingPixels > 0) {
            byte[] maskPng = ImageCodec.png(frame.pad(GhostMannequin.fillMask(opening, w, h), null));
            double fillEstimate = estimateUsd(frame.width(), frame.height(), out.quality(), 1, fillPrompt);
            fillAnswer = call("the ghost mannequin's neck fill", options -> client.images().withRawResponse()
                    .edit(editParams(List.of(photoPng), maskPng, fillPrompt, frame, out, req.tenant(), false), options));
            double fillCost = fillAnswer.costUsd(prices, fillEstimate);
            ledger.record(req.tenant(), fillCost);
            cost += fillCost;
            filled = frame.unpad(fillAnswer.image());
        }
        p.putAll(commonParams("background", template, frame.size(), out, garmentAnswer, cutPrompt, cost));
        p.put("studio", Preset.GHOST_MANNEQUIN);
        p.put("background", "transparent");
        p.put("product_lock", "true");
        if (fillAnswer != null) {
            p.put("ghost.fillPrompt", fillPrompt);
            p.put(DigitalSourceType.PARAM, DigitalSourceType.COMPOSITE_WITH_TRAINED_ALGORITHMIC_MEDIA.code());
        }
        Map<String, Double> m = new LinkedHashMap<>(cut.evidence());
        m.putAll(usageMetrics(garmentAnswer, cost, t0));
        m.putAll(garment.metrics(w, h));
        double fillShare = garmentPixels == 0 ? 0 : openingPixels / (double) garmentPixels;
        m.put("ghost.fillShare", fillShare);
        return new EditResult(GhostMannequin.compose(before, garment.alpha(), filled, opening), p, m, List.of(), cost,
                GhostMannequin.summary(garment.mannequinShare(), fillShare));
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    /** Model calls per step: the first, and one more told what drifted. */
    static final int MAX_ATTEMPTS = 2;

    /** One call and its fidelity: to the version it edited, and to the seller's photo where they still line up. */
    private record Attempt(Answer answer, BufferedImage after, FidelityCheck.Result fidelity, FidelityCheck.Result toPhoto,
                           double cost, double maxDeltaE, String prompt, long startedNanos) {
    }

    private Attempt attempt(String step, Stage stage, Preset scene, boolean lock, boolean cutout, EditRequest req, RequestFrame frame,
                            BufferedImage before, float[] beforeMask, BufferedImage original, String prompt,
                            byte[] firstPng, byte[] referencePng, byte[] maskPng, OutputSettings out, double estimate,
                            MockupTemplate mockup, String lightFrom) {
        Supplier<ImageEditParams> params = () -> editParams(List.of(firstPng, referencePng), maskPng, prompt, frame, out, req.tenant(), false);

        long t0 = System.nanoTime();
        Answer answer = call("the " + step + " edit", options -> client.images().withRawResponse().edit(params.get(), options));
        double cost = answer.costUsd(prices, estimate);
        ledger.record(req.tenant(), cost);

        BufferedImage mapped = frame.unpad(answer.image());
        if (mockup != null && mockup.shadow().equals("contact")) {
            // the product is pasted into the scene, so the model painted no shadow of it: one is laid under it
            mapped = MockupLight.contactShadow(mapped, beforeMask, mockup.camera().contains("above, looking straight down"), lightFrom);
        }
        BufferedImage after = lock ? ImageOps.lockProduct(mapped, before, beforeMask) : mapped;
        double maxDeltaE = stage == Stage.LIGHTING ? config.fidelity().maxDeltaELighting() : config.fidelity().maxDeltaE();
        FidelityCheck.Result fidelity;
        FidelityCheck.Result toPhoto = null;
        if (scene != null) {
            // The model re-renders even a product it kept, so its raw answer gets twice the allowance; the lock restores the exact pixels.
            maxDeltaE = 2 * config.fidelity().maxDeltaE();
            fidelity = FidelityCheck.compareInPlace(before, beforeMask, mapped, maxDeltaE);
        } else if (cutout) {
            // The product's outline is fixed (the step keeps the alpha it was given): what matters is what the
            // model did inside it. Segmenting the answer again would compare two segmentations, not two products.
            fidelity = FidelityCheck.compareInPlace(before, beforeMask, mapped, maxDeltaE,
                    "the product's colours or shape drifted from the previous version");
        } else if (lock) {
            fidelity = FidelityCheck.locked(beforeMask, segmenter.segment(after, req.hints()), before.getWidth(), before.getHeight(),
                    config.fidelity().minIou());
        } else {
            float[] afterMask = segmenter.segment(after, req.hints());
            fidelity = FidelityCheck.compare(before, beforeMask, after, afterMask, config.fidelity().minIou(), maxDeltaE);
        }
        if (scene == null) {
            // Against the seller's photo too: small drifts that each passed against the previous version add up.
            toPhoto = FidelityCheck.againstPhoto(original, after, beforeMask,
                    config.fidelity().maxDeltaELighting(), config.fidelity().minStructure());
            if (!toPhoto.problems().isEmpty()) {
                List<String> all = new ArrayList<>(fidelity.problems());
                all.addAll(toPhoto.problems());
                fidelity = new FidelityCheck.Result(fidelity.iou(), fidelity.meanDeltaE(), fidelity.maxDeltaE(), fidelity.cells(),
                        toPhoto.structure(), all);
            }
        }
        return new Attempt(answer, after, fidelity, toPhoto, cost, maxDeltaE, prompt, t0);
    }

    // ------------------------------------------------------------------ helpers

    /** {@code fill} within the preset's fill range. */
    private static double within(double fill, Preset scene) {
        return Math.max(scene.fill().min(), Math.min(scene.fill().max(), fill));
    }

    /** The quality check's fill correction when it is a usable number within the preset's range, else the preset's target. */
    private static double fillHint(String hint, Preset scene) {
        try {
            double f = hint == null ? scene.fill().target() : Double.parseDouble(hint);
            return f >= scene.fill().min() && f <= scene.fill().max() ? f : scene.fill().target();
        } catch (NumberFormatException e) {
            return scene.fill().target();
        }
    }

    /** The presets by id, a tenant's brand-site (brand-site@N: its kit's version N) among them. */
    private List<Preset> presetsOf(String tenant, List<String> ids, Map<String, String> facts) {
        return ids.stream().map(id -> presets.get(tenant, id, facts == null ? Map.of() : facts)).toList();
    }

    /** What a call may cost, from the requested size and quality, the input images and the prompt: checked against the cap before the call. */
    /** Characters of a step's prompt assumed by an estimate: generous (text is a cent's fraction of a call). */
    static final int ESTIMATE_PROMPT_CHARS = 3_000;

    /**
     * Prices the work from the price table as every call is priced before it is made ({@link #estimateUsd}: output
     * tokens for the request's size and quality, two input images per edit). Low: each call once, no fix-up. High:
     * each call {@link #MAX_ATTEMPTS} times, and {@code maxFixups} fix-ups that each run every edit stage and scene
     * again. A photo of unknown size is taken as the largest request the model takes at 3:2.
     */
    @Override
    public CostEstimate estimate(EstimateRequest r) {
        List<Preset> targets = presetsOf(r.tenant(), r.presets(), Map.of());
        String prompt = "x".repeat(ESTIMATE_PROMPT_CHARS);
        String quality = config.outputs().forMaster(r.presets()).quality();
        Map<String, CostEstimate.Range> parts = new LinkedHashMap<>();
        int calls = 0, maxCalls = 0;
        double low = 0, high = 0;
        if (r.generate() && !r.scenesOnly()) {
            double aspect = targets.isEmpty() ? 1.0 : targets.get(0).width() / (double) targets.get(0).height();
            int[] size = sizer.sizeForAspect(aspect, profile);
            double c = estimateUsd(size[0], size[1], quality, 0, prompt);
            parts.put("base", new CostEstimate.Range(c, c));
            low += c;
            high += c;
            calls++;
            maxCalls++;
        }
        int[] frame = sizer.sizeForAspect(1.5, profile);
        if (r.width() > 0 && r.height() > 0) {
            RequestFrame f = sizer.frameFor(r.width(), r.height(), profile);
            frame = new int[] {f.width(), f.height()};
        }
        double edit = estimateUsd(frame[0], frame[1], quality, 2, prompt);
        double everyStage = 0;
        int everyStageCalls = 0;
        if (!r.scenesOnly()) {
            // a ghost mannequin's background step makes two calls: the garment's cut-out and the neck's fill
            int ghostCalls = GhostMannequin.wanted(targets) ? 1 : 0;
            for (Stage stage : Stage.EDIT_STAGES) {
                int n = r.edits().getOrDefault(stage, 0) * (stage == Stage.BACKGROUND ? 1 + ghostCalls : 1);
                if (n > 0) {
                    parts.put(stage.id(), new CostEstimate.Range(n * edit, n * edit * MAX_ATTEMPTS));
                    low += n * edit;
                    high += n * edit * MAX_ATTEMPTS;
                    calls += n;
                    maxCalls += n * MAX_ATTEMPTS;
                }
            }
            everyStage = (Stage.EDIT_STAGES.size() + ghostCalls) * edit;
            everyStageCalls = Stage.EDIT_STAGES.size() + ghostCalls;
        }
        double scenes = 0;
        int sceneCalls = 0;
        for (Preset p : targets) {
            if (p.background().kind() != Preset.Backdrop.Kind.SCENE) {
                continue;
            }
            int[] size = sizer.sizeForAspect(p.width() / (double) p.height(), profile);
            double c = estimateUsd(size[0], size[1], config.outputs().forScene(p.id()).quality(), 2, prompt);
            parts.put("scene:" + p.id(), new CostEstimate.Range(c, c * MAX_ATTEMPTS));
            low += c;
            high += c * MAX_ATTEMPTS;
            scenes += c;
            sceneCalls++;
            calls++;
            maxCalls += MAX_ATTEMPTS;
        }
        double fixups = r.maxFixups() * (everyStage + scenes) * MAX_ATTEMPTS;
        if (fixups > 0) {
            parts.put("fixups", new CostEstimate.Range(0, fixups));
            high += fixups;
            maxCalls += r.maxFixups() * (everyStageCalls + sceneCalls) * MAX_ATTEMPTS;
        }
        double cap = ledger.cap(r.tenant());
        Double remaining = Double.isInfinite(cap) ? null : Math.max(0, cap - ledger.spent(r.tenant()));
        return new CostEstimate(low, high, calls, maxCalls, parts, remaining, String.format(Locale.ROOT,
                "%s at %s quality, %dx%d per edit, priced from %s; high: every call asked twice and %d fix-up%s",
                config.model(), quality, frame[0], frame[1], config.prices().source(),
                r.maxFixups(), r.maxFixups() == 1 ? "" : "s"));
    }

    double estimateUsd(int width, int height, String quality, int inputImages, String prompt) {
        double outTokens = OUTPUT_TOKENS_1MP.getOrDefault(quality, 4160) * (width * (double) height) / (1024.0 * 1024.0);
        TokenUsage u = new TokenUsage(prompt.length() / 3 + 1, (long) inputImages * INPUT_IMAGE_TOKENS, (long) Math.ceil(outTokens), 0);
        return u.costUsd(prices);
    }

    private Map<String, String> commonParams(String step, PromptTemplate template, String size, OutputSettings out,
                                             Answer answer, String prompt, double cost) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("step", step);
        p.put("model", config.model());
        p.put("size", size);
        p.put("quality", out.quality());
        p.put("output_format", out.format());
        if (out.hasCompression()) {
            p.put("output_compression", String.valueOf(out.compression()));
        }
        p.put("template", template.category());
        p.put("template.version", template.id());
        p.put("template.source", template.source());
        p.put("prompt", prompt);
        p.put("cost.usd", String.format(Locale.ROOT, "%.6f", cost));
        p.put("cost.basis", answer.usage() == null ? "estimate (the response carried no usage)" : "usage");
        if (!answer.requestId().isEmpty()) {
            p.put("request_id", answer.requestId());
        }
        return p;
    }

    private static Map<String, Double> usageMetrics(Answer answer, double cost, long t0) {
        Map<String, Double> m = new LinkedHashMap<>();
        m.put("model.ms", (System.nanoTime() - t0) / 1e6);
        m.put("cost.usd", cost);
        TokenUsage u = answer.usage();
        if (u != null) {
            m.put("tokens.input.text", (double) u.textInput());
            m.put("tokens.input.image", (double) u.imageInput());
            m.put("tokens.output.image", (double) u.imageOutput());
            m.put("tokens.output.text", (double) u.textOutput());
        }
        return m;
    }

    /** A stable pseudonym of the tenant for the API's abuse monitoring: no tenant name leaves the system. */
    static String userId(String tenant) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(String.valueOf(tenant).getBytes(StandardCharsets.UTF_8));
            return "refinery-" + HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One model answer: the decoded image, its token usage (null when the response had none) and the request id. */
    record Answer(BufferedImage image, TokenUsage usage, String requestId) {
        double costUsd(PriceTable.Prices prices, double estimate) {
            return usage == null ? estimate : usage.costUsd(prices);
        }
    }

    /**
     * Makes the call and turns every failure into the pipeline's typed exceptions. A refused key (401) is read
     * again from its source and the call made once more: a rotated key is then used at once. A 401 costs
     * nothing (OpenAI bills only answered images), so the retry cannot pay twice.
     */
    private Answer call(String what, Function<RequestOptions, HttpResponseFor<ImagesResponse>> request) {
        if (key != null) {
            try {
                return callOnce(what, request);
            } catch (UnauthorizedException refused) {
                key.invalidate();
                return callOrMap(what, request);
            } catch (OpenAIException e) {
                throw OpenAiErrors.map(e, what, config.retryLaterAfterSeconds(), clock);
            }
        }
        return callOrMap(what, request);
    }

    private Answer callOrMap(String what, Function<RequestOptions, HttpResponseFor<ImagesResponse>> request) {
        try {
            return callOnce(what, request);
        } catch (OpenAIException e) {
            throw OpenAiErrors.map(e, what, config.retryLaterAfterSeconds(), clock);
        }
    }

    /**
     * One request, its timeout cut to what the invocation has left ({@link CallDeadline}): a call that cannot
     * finish before Lambda stops the function ends as a retryable timeout instead, and none starts without time.
     */
    private Answer callOnce(String what, Function<RequestOptions, HttpResponseFor<ImagesResponse>> request) {
        Duration timeout = CallDeadline.callTimeout(config.requestTimeout()).orElseThrow(() -> new ModelTimeoutException(
                "Not enough time left in this invocation to ask OpenAI for " + what + ": the stage is retried with a fresh invocation", null));
        RequestOptions options = RequestOptions.builder()
                .timeout(Timeout.builder().connect(config.connectTimeout()).read(timeout).write(timeout).request(timeout).build())
                .build();
        try (HttpResponseFor<ImagesResponse> raw = request.apply(options)) {
            String requestId = raw.headers().values("x-request-id").stream().findFirst().orElse("");
            ImagesResponse response = raw.parse();
            List<Image> data = response.data().orElse(List.of());
            if (data.isEmpty()) {
                throw new ModelServerException("OpenAI answered " + what + " without an image (an empty data list)"
                        + (requestId.isEmpty() ? "" : ", request " + requestId), raw.statusCode(), null);
            }
            String b64 = data.get(0).b64Json().orElseThrow(() -> new ModelServerException(
                    "OpenAI answered " + what + " without b64_json image data", raw.statusCode(), null));
            BufferedImage image = decode(b64, what);
            return new Answer(image, usage(response), requestId);
        }
    }

    private static BufferedImage decode(String b64, String what) {
        String s = b64.strip();
        if (s.startsWith("data:")) {
            s = s.substring(s.indexOf(',') + 1);
        }
        byte[] bytes;
        try {
            bytes = Base64.getMimeDecoder().decode(s);
            // The MIME decoder skips characters outside the alphabet; a strict re-check catches garbage it would pass.
            Base64.getDecoder().decode(s.replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw new ModelServerException("OpenAI answered " + what + " with image data that is not valid base64 (" + e.getMessage() + ")", 200, e);
        }
        BufferedImage img;
        try {
            img = ImageCodec.read(bytes);
        } catch (IOException e) {
            img = null;
        }
        if (img == null || img.getWidth() < 2 || img.getHeight() < 2) {
            throw new ModelServerException("OpenAI answered " + what + " with " + bytes.length + " bytes that are not a readable image", 200, null);
        }
        return img;
    }

    private static TokenUsage usage(ImagesResponse response) {
        return response.usage().map(u -> {
            long textIn = u.inputTokensDetails().textTokens();
            long imageIn = u.inputTokensDetails().imageTokens();
            long imageOut = u.outputTokens();
            long textOut = 0;
            if (u.outputTokensDetails().isPresent()) {
                imageOut = u.outputTokensDetails().get().imageTokens();
                textOut = u.outputTokensDetails().get().textTokens();
            }
            return new TokenUsage(textIn, imageIn, imageOut, textOut);
        }).orElse(null);
    }
}
