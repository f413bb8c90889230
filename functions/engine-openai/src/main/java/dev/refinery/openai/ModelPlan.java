package dev.refinery.openai;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;
import java.util.Optional;

/**
 * The response format of the feedback planner's language model (openai-java structured outputs: the SDK derives
 * a strict JSON schema from this class, every field required, the optional ones nullable through
 * {@link Optional}). What the model answers is only a proposal: {@link ModelPlanner} validates every operation
 * against the engine, the presets and the product's integrity before it becomes a plan.
 */
@JsonClassDescription("A seller's feedback on a product photo, split into editing operations")
public final class ModelPlan {
    @JsonPropertyDescription("One entry per request in the feedback that is one of the listed operation kinds")
    public List<Operation> operations;

    @JsonPropertyDescription("Requests in the feedback that are not one of the listed operation kinds, or that would change the "
            + "product itself (its shape, its printed text, labels or logos), each with the reason")
    public List<Declined> declined;

    /** One request as an editing operation. */
    @JsonClassDescription("One editing operation the seller asked for")
    public static final class Operation {
        @JsonPropertyDescription("The seller's own words for this request, quoted from the feedback")
        public String request;

        @JsonPropertyDescription("What kind of change this is")
        public Kind kind;

        @JsonPropertyDescription("How strongly: 0.33 for 'a little', 0.66 when not qualified, 1.0 for 'much'; null where strength does not apply")
        public Optional<Double> amount;

        @JsonPropertyDescription("For BACKGROUND_COLOUR and PRODUCT_COLOUR: the colour named by the seller, as a colour name or #rrggbb; null otherwise")
        public Optional<String> colour;

        @JsonPropertyDescription("One sentence in English telling an image-editing model to make only this change to the photo, "
                + "without altering the product's shape, colours, printed text, labels or logos")
        public String instruction;
    }

    /** A request the model says cannot be done. */
    @JsonClassDescription("A request that is not carried out")
    public static final class Declined {
        @JsonPropertyDescription("The seller's own words for this request")
        public String request;

        @JsonPropertyDescription("Why it is not one of the operations, in one short sentence for the seller")
        public String reason;
    }

    /** The operations the planner offers; anything else is declined. */
    public enum Kind {
        BRIGHTER, DARKER, WARMER, COOLER, SOFTER_SHADOWS, HARDER_SHADOWS, LIGHT_DIRECTION,
        BACKGROUND_COLOUR, BACKGROUND_SCENE, REMOVE_SHADOW, ADD_SHADOW, REMOVE_PROP, TIGHTER_CUTOUT, LOOSER_CUTOUT,
        SHARPER, SMOOTHER, LABEL_LEGIBILITY, TEXTURE,
        BIGGER, SMALLER, MOVE_OR_CROP,
        PRODUCT_COLOUR, CHANGE_LABEL_OR_TEXT
    }
}
