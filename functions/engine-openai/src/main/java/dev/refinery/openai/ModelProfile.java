package dev.refinery.openai;

import java.util.Locale;

/**
 * What a GPT Image model accepts, from its id. gpt-image-2 (and its snapshots and 2.x successors)
 * takes any size whose sides are multiples of 16 and always works at high input fidelity, so it
 * must not be sent {@code input_fidelity}; the gpt-image-1 family takes three fixed sizes, and all
 * of it but gpt-image-1-mini accepts {@code input_fidelity}. An unknown id gets the conservative
 * profile (fixed sizes, no input_fidelity), which every GPT Image model accepts.
 *
 * @param flexibleSizes        WIDTHxHEIGHT with both sides multiples of 16
 * @param acceptsInputFidelity whether {@code input_fidelity} may be sent
 */
public record ModelProfile(String model, boolean flexibleSizes, boolean acceptsInputFidelity) {

    public static ModelProfile of(String model) {
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("model id is empty");
        }
        String m = model.trim().toLowerCase(Locale.ROOT);
        if (m.equals("gpt-image-2") || m.startsWith("gpt-image-2-") || m.startsWith("gpt-image-2.")) {
            return new ModelProfile(model, true, false);
        }
        if (m.equals("gpt-image-1-mini") || m.startsWith("gpt-image-1-mini-")) {
            return new ModelProfile(model, false, false);
        }
        if (m.startsWith("gpt-image-1") || m.equals("chatgpt-image-latest")) {
            return new ModelProfile(model, false, true);
        }
        return new ModelProfile(model, false, false);
    }
}
