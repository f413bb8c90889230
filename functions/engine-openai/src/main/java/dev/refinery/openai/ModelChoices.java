package dev.refinery.openai;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The seller's choices of the person in a model-studio image, from the session's facts ({@code model.gender},
 * {@code model.age}, {@code model.skinTone}, {@code model.pose}, {@code model.setting}; each free text, at most
 * {@link #MAX_CHARS} characters used). What is not chosen is left plain rather than guessed.
 */
record ModelChoices(String gender, String age, String skinTone, String pose, String setting) {
    static final String PREFIX = "model.";
    static final int MAX_CHARS = 80;

    static ModelChoices from(Map<String, String> facts) {
        return new ModelChoices(value(facts, "gender"), value(facts, "age"), value(facts, "skinTone"), value(facts, "pose"),
                value(facts, "setting"));
    }

    private static String value(Map<String, String> facts, String key) {
        String v = facts.get(PREFIX + key);
        return v == null || v.isBlank() ? null : PromptBuilder.clean(v, MAX_CHARS);
    }

    /** "a feminine-presenting person, aged 30-40, deep brown skin; pose: ...; setting: ..." */
    String describe() {
        StringBuilder s = new StringBuilder(gender == null ? "an adult person" : "a " + gender + " person");
        s.append(", aged ").append(age == null ? "25-40" : age);
        if (skinTone != null) {
            s.append(", ").append(skinTone).append(" skin");
        }
        s.append("; pose: ").append(pose == null ? "relaxed, facing the camera" : pose);
        if (setting != null) {
            s.append("; setting: ").append(setting);
        }
        return s.toString();
    }

    /** What the version records: the choices in order, "–" where none was made. */
    String recorded() {
        List<String> parts = new ArrayList<>();
        for (String v : new String[] {gender, age, skinTone, pose, setting}) {
            parts.add(v == null ? "–" : v);
        }
        return String.join(" | ", parts);
    }

    static boolean isChoice(String factName) {
        return factName.startsWith(PREFIX);
    }
}
