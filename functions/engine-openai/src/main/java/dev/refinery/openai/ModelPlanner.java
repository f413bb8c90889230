package dev.refinery.openai;

import com.openai.client.OpenAIClient;
import com.openai.core.JsonSchemaLocalValidation;
import com.openai.errors.OpenAIException;
import com.openai.models.ReasoningEffort;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.StructuredChatCompletion;
import com.openai.models.chat.completions.StructuredChatCompletionCreateParams;
import com.openai.models.completions.CompletionUsage;
import dev.refinery.domain.Preset;
import dev.refinery.domain.Stage;
import dev.refinery.feedback.FeedbackPlan;
import dev.refinery.feedback.FeedbackPlanner;
import dev.refinery.feedback.Framing;
import dev.refinery.feedback.ProductColourStep;
import dev.refinery.feedback.PlanContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The openai engine's feedback planner: a language model reads the seller's words and answers a {@link ModelPlan}
 * (openai-java structured outputs, strict schema), which is then validated here before it becomes a
 * {@link FeedbackPlan} — the model proposes, the code decides:
 *
 * <ul>
 *   <li>each operation kind maps to one stage and its hints; an instruction is one line for the image model
 *       (control characters folded, at most {@value #MAX_INSTRUCTION} characters), and an instruction that asks
 *       to redraw or recolour text, labels or logos is declined whatever kind the model gave it;</li>
 *   <li>what the presets forbid is declined with the preset's rule (a coloured background on amazon-main);
 *       framing is computed, not generated ({@link Framing}); the product's own colour and its print are never
 *       changed (declined with what can be asked instead);</li>
 *   <li>changes that can be measured (brighter, darker, warmer, cooler, sharper, smoother) carry the hint
 *       {@code expect}, so a step whose image model ignored the instruction ends NEEDS_REVIEW, not COMPLETED;</li>
 *   <li>at most {@value #MAX_OPERATIONS} operations; a kind asked twice is one step; nothing the model did not
 *       quote from the feedback is invented.</li>
 * </ul>
 * The call is charged to the tenant's spending cap (estimated before, recorded after, from the price table).
 */
public final class ModelPlanner implements FeedbackPlanner {
    static final int MAX_OPERATIONS = 6;
    static final int MAX_INSTRUCTION = 400;
    static final int MAX_REQUEST = 200;
    /** The system prompt and the operation list come to about this many tokens; the seller's text is added at 4 characters a token. */
    private static final int PROMPT_TOKENS = 900;
    /** A seller waits for the answer: a Retry-After longer than this is "try again later" (503), not a wait. */
    private static final long RETRY_LATER_AFTER_SECONDS = 5;

    private static final Set<ModelPlan.Kind> LIGHTING = EnumSet.of(ModelPlan.Kind.BRIGHTER, ModelPlan.Kind.DARKER, ModelPlan.Kind.WARMER,
            ModelPlan.Kind.COOLER, ModelPlan.Kind.SOFTER_SHADOWS, ModelPlan.Kind.HARDER_SHADOWS, ModelPlan.Kind.LIGHT_DIRECTION);
    private static final Set<ModelPlan.Kind> DETAIL = EnumSet.of(ModelPlan.Kind.SHARPER, ModelPlan.Kind.SMOOTHER,
            ModelPlan.Kind.LABEL_LEGIBILITY, ModelPlan.Kind.TEXTURE);
    private static final java.util.regex.Pattern REDRAWS_PRINT = java.util.regex.Pattern.compile(
            "\\b(label|text|logo|lettering|print|brand name|wording)s?\\b.*\\b(recolou?r|change|replace|rewrite|redraw|retype|translate|different|new)\\b"
                    + "|\\b(recolou?r|change|replace|rewrite|redraw|retype|translate)\\b.*\\b(label|text|logo|lettering|brand name|wording)s?\\b",
            java.util.regex.Pattern.CASE_INSENSITIVE);

    private final OpenAIClient client;
    private final OpenAiConfig.Planner settings;
    private final PriceTable prices;
    private final SpendLedger ledger;

    public ModelPlanner(OpenAIClient client, OpenAiConfig.Planner settings, PriceTable prices, SpendLedger ledger) {
        this.client = client;
        this.settings = settings;
        this.prices = prices;
        this.ledger = ledger;
    }

    @Override
    public List<String> capabilities(PlanContext ctx) {
        List<String> out = new ArrayList<>(List.of("brighter", "darker", "warmer", "cooler", "softer or harder shadows", "light from the left or right",
                "sharper", "smoother", "crisper print", "bigger", "smaller", "remove a prop beside the product", "a tighter or looser cut-out",
                "the product's true colour (\"the mug is navy\": its main colour moves toward it, print kept)"));
        if (allowsColouredBackground(ctx)) {
            out.add("a background colour or scene (" + String.join(", ", ctx.presets().stream().filter(p -> !white(p)).map(Preset::id).toList()) + ")");
        }
        out.add(ctx.presets().stream().anyMatch(Preset::shadow) ? "remove the shadow" : "remove the shadow the cut-out kept");
        out.add("several at once, in your own words");
        return out;
    }

    @Override
    public FeedbackPlan plan(String feedback, PlanContext ctx) {
        String words = PromptBuilder.clean(feedback, 2_000);
        if (words.isEmpty()) {
            return new FeedbackPlan(List.of(), List.of(), capabilities(ctx));
        }
        ModelPlan proposed = ask(words, ctx);
        return validate(proposed, words, ctx);
    }

    /** The model's proposal for these words, charged to the tenant. */
    ModelPlan ask(String words, PlanContext ctx) {
        PriceTable.Prices p = prices.forModel(settings.model()).orElseThrow(() -> new IllegalStateException(
                "the price table (" + prices.source() + ") has no row for the planner model " + settings.model()
                        + ": add it, or set REFINERY_OPENAI_PLANNER_MODEL to a priced model"));
        double estimate = ((PROMPT_TOKENS + words.length() / 4.0) * p.textInput() + settings.maxTokens() * p.textOutput()) / 1e6;
        if (ctx.tenant() != null) {
            ledger.ensureCanSpend(ctx.tenant(), estimate);
        }
        ChatCompletionCreateParams.Builder b = ChatCompletionCreateParams.builder()
                .model(settings.model())
                .maxCompletionTokens(settings.maxTokens())
                .addSystemMessage(systemPrompt(ctx))
                .addUserMessage("Seller's feedback: \"" + words + "\"");
        if (settings.reasoningEffort() != null && reasons(settings.model())) {
            b.reasoningEffort(ReasoningEffort.of(settings.reasoningEffort()));
        }
        StructuredChatCompletionCreateParams<ModelPlan> params = b.responseFormat(ModelPlan.class, JsonSchemaLocalValidation.YES).build();
        StructuredChatCompletion<ModelPlan> answer;
        try {
            answer = client.chat().completions().create(params);
        } catch (OpenAIException e) {
            throw OpenAiErrors.map(e, "the feedback planner's request (" + settings.model() + ")", RETRY_LATER_AFTER_SECONDS, Clock.systemUTC());
        }
        if (ctx.tenant() != null) {
            answer.usage().ifPresent(u -> ledger.record(ctx.tenant(), cost(u, p)));
        }
        return answer.choices().stream().findFirst()
                .flatMap(c -> c.message().content())
                .orElseThrow(() -> new ModelServerException("The feedback planner (" + settings.model() + ") answered without a plan"
                        + answer.choices().stream().findFirst().flatMap(c -> c.message().refusal()).map(r -> " (it refused: " + PromptBuilder.clean(r, 200) + ")").orElse("")
                        + ": ask again in other words", 0, null));
    }

    static double cost(CompletionUsage u, PriceTable.Prices p) {
        return (u.promptTokens() * p.textInput() + u.completionTokens() * p.textOutput()) / 1e6;
    }

    /** The model's proposal checked against what this engine and these presets can do; nothing unchecked reaches a stage. */
    FeedbackPlan validate(ModelPlan proposed, String words, PlanContext ctx) {
        List<FeedbackPlan.Step> steps = new ArrayList<>();
        List<FeedbackPlan.Declined> declined = new ArrayList<>();
        Set<ModelPlan.Kind> seen = EnumSet.noneOf(ModelPlan.Kind.class);
        List<ModelPlan.Operation> ops = proposed.operations == null ? List.of() : proposed.operations;
        for (ModelPlan.Operation op : ops) {
            if (op == null || op.kind == null) {
                continue;
            }
            String request = PromptBuilder.clean(op.request == null || op.request.isBlank() ? op.kind.name().toLowerCase(Locale.ROOT) : op.request, MAX_REQUEST);
            String instruction = PromptBuilder.clean(op.instruction, MAX_INSTRUCTION);
            if (steps.size() >= MAX_OPERATIONS) {
                declined.add(new FeedbackPlan.Declined(request, "more than " + MAX_OPERATIONS + " changes in one round: ask for the rest in the next round"));
                continue;
            }
            if (!seen.add(op.kind)) {
                continue; // the same change asked twice is one step
            }
            if (op.kind == ModelPlan.Kind.CHANGE_LABEL_OR_TEXT || REDRAWS_PRINT.matcher(instruction).find()) {
                declined.add(new FeedbackPlan.Declined(request, "labels, text and logos are never recoloured or redrawn: they must show the real product; "
                        + "\"crisper print\" makes the existing print easier to read"));
                continue;
            }
            if (op.kind == ModelPlan.Kind.PRODUCT_COLOUR) {
                // computed, not generated (dev.refinery.engine.ProductColour): the image model never recolours the product
                ProductColourStep.plan(request, op.colour == null ? null : op.colour.orElse(null),
                        op.amount != null && op.amount.isPresent() && op.amount.get() < 0.5, steps, declined);
                continue;
            }
            if (op.kind == ModelPlan.Kind.MOVE_OR_CROP) {
                declined.add(new FeedbackPlan.Declined(request, "the presets centre the product and do not rotate or crop it; ask for it bigger or smaller"));
                continue;
            }
            if (op.kind == ModelPlan.Kind.BIGGER || op.kind == ModelPlan.Kind.SMALLER) {
                Framing.plan(request, op.kind == ModelPlan.Kind.BIGGER, ctx, steps, declined);
                continue;
            }
            if ((op.kind == ModelPlan.Kind.BACKGROUND_COLOUR || op.kind == ModelPlan.Kind.BACKGROUND_SCENE) && !allowsColouredBackground(ctx)) {
                declined.add(new FeedbackPlan.Declined(request, String.join(", ", ctx.presets().stream().map(Preset::id).toList())
                        + " requires a pure white background (255, 255, 255); a coloured background or a scene needs a preset that allows one (lifestyle)"));
                continue;
            }
            if (op.kind == ModelPlan.Kind.ADD_SHADOW && ctx.presets().stream().anyMatch(p -> !p.shadow())) {
                declined.add(new FeedbackPlan.Declined(request, String.join(", ", ctx.presets().stream().filter(p -> !p.shadow()).map(Preset::id).toList())
                        + " asks for no drawn shadow (the marketplace's rules)"));
                continue;
            }
            if (op.kind == ModelPlan.Kind.REMOVE_SHADOW && ctx.presets().stream().anyMatch(Preset::shadow)) {
                steps.add(new FeedbackPlan.Step(request, "framing.shadow-off", Stage.FINALIZE, Map.of("shadow", "off"), "no drawn contact shadow"));
                continue;
            }
            if (instruction.isEmpty()) {
                declined.add(new FeedbackPlan.Declined(request, "the planner gave no instruction for it: ask again in other words"));
                continue;
            }
            steps.add(step(op.kind, request, instruction));
        }
        if (proposed.declined != null) {
            for (ModelPlan.Declined d : proposed.declined) {
                if (d != null && d.request != null && !d.request.isBlank()) {
                    declined.add(new FeedbackPlan.Declined(PromptBuilder.clean(d.request, MAX_REQUEST),
                            d.reason == null || d.reason.isBlank() ? "not something this engine does" : PromptBuilder.clean(d.reason, 300)));
                }
            }
        }
        if (steps.isEmpty() && declined.isEmpty()) {
            declined.add(new FeedbackPlan.Declined(words, "not understood"));
        }
        List<FeedbackPlan.Step> ordered = new ArrayList<>(steps);
        ordered.sort((a, b) -> a.stage().compareTo(b.stage()));
        return new FeedbackPlan(ordered, declined, capabilities(ctx));
    }

    /** One validated operation as a stage's step: the instruction for its image model, and what is measured afterwards. */
    private static FeedbackPlan.Step step(ModelPlan.Kind kind, String request, String instruction) {
        Stage stage = LIGHTING.contains(kind) ? Stage.LIGHTING : DETAIL.contains(kind) ? Stage.DETAIL : Stage.BACKGROUND;
        Map<String, String> hints = new LinkedHashMap<>();
        hints.put(PromptBuilder.INSTRUCTION, instruction);
        expected(kind).ifPresent(e -> hints.put(FeedbackPlan.EXPECT, e));
        switch (kind) {
            case TIGHTER_CUTOUT -> hints.put("segmentation", "strict");
            case LOOSER_CUTOUT -> hints.put("segmentation", "loose");
            default -> {
            }
        }
        String operation = stage.id() + "." + kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
        return new FeedbackPlan.Step(request, operation, stage, hints, "the openai engine's " + stage.id() + " edit: " + instruction);
    }

    /** The measurable change an operation asks for ({@link dev.refinery.quality.RequestedEffect}). */
    static Optional<String> expected(ModelPlan.Kind kind) {
        return Optional.ofNullable(switch (kind) {
            case BRIGHTER -> "brighter";
            case DARKER -> "darker";
            case WARMER -> "warmer";
            case COOLER -> "cooler";
            case SHARPER, LABEL_LEGIBILITY -> "sharper";
            case SMOOTHER -> "smoother";
            default -> null;
        });
    }

    /** The model's instructions: the operation kinds, what the presets allow, what must never change. */
    static String systemPrompt(PlanContext ctx) {
        StringBuilder p = new StringBuilder(2048);
        p.append("You plan edits of a seller's product photo for online marketplaces. Split the seller's feedback into separate requests. ")
                .append("Give each request that matches one of these kinds as an operation, with the seller's words, the kind, a strength where it ")
                .append("applies and a one-sentence instruction for an image-editing model that makes only that change:\n")
                .append("BRIGHTER, DARKER, WARMER, COOLER (light colour), SOFTER_SHADOWS, HARDER_SHADOWS, LIGHT_DIRECTION (lighting); ")
                .append("BACKGROUND_COLOUR, BACKGROUND_SCENE, REMOVE_SHADOW, ADD_SHADOW, REMOVE_PROP (an object beside the product), ")
                .append("TIGHTER_CUTOUT (leftover backdrop around the product), LOOSER_CUTOUT (part of the product cut off) (background); ")
                .append("SHARPER, SMOOTHER (less noise), LABEL_LEGIBILITY (existing print crisper), TEXTURE (detail); ")
                .append("BIGGER, SMALLER, MOVE_OR_CROP (framing); PRODUCT_COLOUR (the seller says what colour the product really is: give that ")
                .append("colour's name or #rrggbb in colour); CHANGE_LABEL_OR_TEXT.\n")
                .append("The product must always look exactly like the real one: never change its shape, its colours, or any printed text, label or ")
                .append("logo; instructions must say to keep them (a PRODUCT_COLOUR correction is made by the software, not by the image model). ")
                .append("Requests that fit none of the kinds go to declined with a short reason. ")
                .append("Do not add requests the seller did not make.\n");
        for (Preset preset : ctx.presets()) {
            p.append("Target: ").append(preset.name()).append(" — ").append(PromptBuilder.clean(preset.rules(), 400)).append('\n');
        }
        return p.toString();
    }

    private static boolean allowsColouredBackground(PlanContext ctx) {
        return !ctx.presets().isEmpty() && ctx.presets().stream().noneMatch(ModelPlanner::white);
    }

    private static boolean white(Preset p) {
        return p.background().kind() == Preset.Backdrop.Kind.WHITE;
    }

    private static boolean reasons(String model) {
        String m = model.toLowerCase(Locale.ROOT);
        return m.startsWith("gpt-5") || m.matches("o\\d.*");
    }
}
