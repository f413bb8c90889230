package dev.refinery.openai;

import dev.refinery.domain.InvalidInputException;
import dev.refinery.domain.Preset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the prompt of one step: the template's goal for it, what the target presets require, the
 * product facts, the instruction to keep the product identical to the original, every earlier
 * approved change ("keep: ..."), and this round's feedback. One major change per step: the prompt
 * names one change and says everything else stays.
 */
final class PromptBuilder {
    /** The API's limit for GPT Image models. */
    static final int MAX_PROMPT = 32_000;
    private static final int MAX_FEEDBACK = 2_000;
    /** Hint of a planned feedback step: the planning model's instruction for this step, used instead of the seller's whole text. */
    static final String INSTRUCTION = "instruction";
    private static final int MAX_FACT = 200;

    private PromptBuilder() {
    }

    /** An edit step: "lighting", "background", "detail" or "scene". */
    static String edit(String step, PromptTemplate t, List<Preset> presets, Preset scene, Map<String, String> facts,
                       List<String> keep, String feedback, Map<String, String> hints) {
        StringBuilder p = new StringBuilder(2048);
        p.append(t.step(step).goal()).append("\n\n");
        if (step.equals("scene")) {
            p.append("For: ").append(scene.name()).append(" — ").append(clean(scene.rules(), 600)).append('\n');
        } else {
            // The master serves every preset; a scene preset gets its own step, so its rules would only confuse this one.
            for (Preset preset : presets) {
                if (preset.background().kind() != Preset.Backdrop.Kind.SCENE) {
                    p.append("For: ").append(preset.name()).append(" — ").append(clean(preset.rules(), 600)).append('\n');
                }
            }
        }
        if (step.equals("background")) {
            p.append("Backdrop: ").append(backdrop(presets)).append('\n');
        }
        p.append('\n');
        facts(p, t, facts);
        p.append("The first image is the current version to edit. The second image is the seller's original photo, for reference only: ")
                .append(t.preserve()).append('\n');
        if (!keep.isEmpty()) {
            p.append("Already approved in earlier steps — keep these exactly, do not undo them:\n");
            for (String k : keep) {
                p.append("- ").append(clean(k, 300)).append('\n');
            }
        }
        if (feedback != null && !feedback.isBlank()) {
            p.append("Feedback for this step (apply it only as far as it concerns this step): \"")
                    .append(clean(feedback, MAX_FEEDBACK)).append("\"\n");
        }
        List<String> corrections = corrections(hints);
        if (!corrections.isEmpty()) {
            p.append("Corrections asked for by the automatic quality check: ").append(String.join("; ", corrections)).append('\n');
        }
        p.append("Make this one change only; everything not named above stays exactly as in the first image.");
        return checked(p.toString());
    }

    /**
     * A scene step painted from a mockup template: the template's scene, the camera, and the side the light comes
     * from — the photo's, so the scene lights the product as the photo did — added to the step's prompt.
     */
    static String mockup(String prompt, MockupTemplate m, String lightFrom, Map<String, String> facts) {
        String light = switch (lightFrom) {
            case "left" -> "from the left, as on the product in the first image; shadows fall to the right";
            case "right" -> "from the right, as on the product in the first image; shadows fall to the left";
            default -> "from the front, soft and even, as on the product in the first image";
        };
        String person = m.person() ? "Model: " + ModelChoices.from(facts).describe() + ". A real-looking person; the product in their "
                + "hand is exactly the one in the first image.\n" : "";
        String scene = "Mockup scene (" + clean(m.name(), 80) + "): " + clean(m.prompt(), 600) + ".\n" + person + "Camera: " + clean(m.camera(), 200)
                + ".\nLight: " + light + ". Keep the product where and as large as it is in the first image; paint the surface it "
                + "stands on to meet its base.\n";
        // before the closing "one change only" line, which stays last
        int last = prompt.lastIndexOf("Make this one change only");
        return checked(last < 0 ? prompt + "\n" + scene : prompt.substring(0, last) + scene + prompt.substring(last));
    }

    /**
     * The same step asked again after its answer failed the fidelity check: the prompt, and what the
     * rejected answer got wrong in the check's own words, so the model knows what to leave alone.
     */
    static String corrected(String prompt, List<String> rejected) {
        StringBuilder p = new StringBuilder(prompt.length() + 512).append(prompt).append("\n\n");
        p.append("A previous answer to this request was rejected because it changed the product (")
                .append(clean(String.join("; ", rejected), 600))
                .append("). Leave the product exactly as in the first image — its outline, position, size, colours, printing and every "
                        + "letter of its labels — and change only what this step names.");
        return checked(p.toString());
    }

    /**
     * The AI cut-out: the product alone on a transparent background, exactly where and as it is in the photo. Only
     * its alpha is used (the seller's own pixels are composited under it), so the prompt asks for nothing but the
     * outline: every part kept, everything around removed, nothing moved or redrawn.
     */
    static String cutout(PromptTemplate t, Map<String, String> facts, Map<String, String> hints) {
        StringBuilder p = new StringBuilder(1024);
        p.append("Cut the product out of this photo: return the same image with everything that is not the product made fully "
                + "transparent — the table or floor, the wall, other objects, and the product's shadow and reflection on the surface.\n\n");
        facts(p, t, facts);
        p.append("Keep every part of the product at its exact position, size and outline, pixel for pixel: caps, pumps, handles, "
                + "straps, thin or transparent parts, pale parts against a pale backdrop, and the holes through it (a handle's "
                + "opening shows the background, so it is transparent). ").append(t.preserve()).append('\n');
        List<String> corrections = corrections(hints);
        if (!corrections.isEmpty()) {
            p.append("Corrections asked for by the automatic quality check: ").append(String.join("; ", corrections)).append('\n');
        }
        p.append("Do not move, resize, rotate, relight, recolour or redraw the product; change only the transparency around it.");
        return checked(p.toString());
    }

    /** The base step: a photo generated from the seller's description. */
    static String generate(PromptTemplate t, List<Preset> presets, Map<String, String> facts, String description) {
        StringBuilder p = new StringBuilder(2048);
        p.append(t.step("base").goal()).append("\n\n");
        for (Preset preset : presets) {
            p.append("For: ").append(preset.name()).append(" — ").append(clean(preset.rules(), 600)).append('\n');
        }
        p.append('\n');
        facts(p, t, facts);
        p.append("The seller describes the product as: \"").append(clean(description, 30_000)).append("\"\n");
        p.append("Show exactly this product, nothing else.");
        return checked(p.toString());
    }

    private static void facts(StringBuilder p, PromptTemplate t, Map<String, String> facts) {
        p.append("Product: ").append(t.subject()).append('.');
        List<String> lines = new ArrayList<>();
        facts.forEach((k, v) -> {
            // the model studio's choices of person are not facts about the product (ModelChoices)
            if (!k.equalsIgnoreCase("sku") && !ModelChoices.isChoice(k) && v != null && !v.isBlank()) {
                lines.add(clean(k, 40) + ": " + clean(v, MAX_FACT));
            }
        });
        if (!lines.isEmpty()) {
            p.append(" Facts from the seller: ").append(String.join("; ", lines)).append('.');
        }
        p.append('\n');
    }

    private static String backdrop(List<Preset> presets) {
        Preset target = presets.stream().filter(pr -> pr.background().kind() != Preset.Backdrop.Kind.SCENE).findFirst().orElse(null);
        if (target == null || target.background().kind() == Preset.Backdrop.Kind.TRANSPARENT) {
            return "plain, uniform light grey (RGB 235,235,235), so the product can be cut out cleanly.";
        }
        int rgb = target.background().rgb();
        String shadow = target.shadow() ? " A faint, soft contact shadow directly under the product is allowed." : " No shadows on the backdrop.";
        if (target.background().kind() == Preset.Backdrop.Kind.WHITE) {
            return "pure white, exactly RGB 255,255,255 everywhere — not off-white, no gradient, no vignette." + shadow;
        }
        return String.format(Locale.ROOT, "one solid colour, exactly RGB %d,%d,%d everywhere, no gradient.%s",
                (rgb >> 16) & 0xFF, (rgb >> 8) & 0xFF, rgb & 0xFF, shadow);
    }

    private static List<String> corrections(Map<String, String> hints) {
        List<String> out = new ArrayList<>();
        hints.forEach((k, v) -> {
            String words = switch (k + "=" + v) {
                case "sharpen=strong" -> "the product looks soft: make its fine detail crisper";
                case "denoise=strong" -> "the product is grainy: smooth the sensor noise away without softening its print or edges";
                case "segmentation=strict" -> "leftovers of the old backdrop remain around the product: remove them completely";
                case "segmentation=loose" -> "parts of the product went missing: keep all of it, including thin or pale parts";
                case "shadow=off" -> "no shadow at all on the backdrop";
                // the scene is the step itself; the planner's instruction is the step's feedback and its expected
                // effect is measured afterwards: none of them is a correction
                default -> k.equals("scene") || k.equals(INSTRUCTION) || k.equals("expect") ? null : clean(k, 40) + "=" + clean(v, 80);
            };
            if (words != null) {
                out.add(words);
            }
        });
        return out;
    }

    /** One line of seller text: control characters and line breaks folded, length capped. */
    static String clean(String s, int max) {
        if (s == null) {
            return "";
        }
        String c = s.replaceAll("[\\p{Cntrl}\\s]+", " ").trim();
        return c.length() <= max ? c : c.substring(0, max) + "…";
    }

    private static String checked(String prompt) {
        if (prompt.length() > MAX_PROMPT) {
            throw new InvalidInputException("The prompt for this step has " + prompt.length() + " characters; the model takes at most " + MAX_PROMPT,
                    "shorten the product description or the feedback");
        }
        return prompt;
    }
}
