package dev.refinery.openai;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * IPTC Digital Source Type codes for AI-made images (http://cv.iptc.org/newscodes/digitalsourcetype/),
 * which marketplaces ask AI-generated and AI-edited images to carry.
 */
public enum DigitalSourceType {
    /** Made by a generative model from a prompt (a session without an uploaded photo). */
    TRAINED_ALGORITHMIC_MEDIA("trainedAlgorithmicMedia"),
    /** A real photo with parts made by a generative model (AI edits of a seller's upload). */
    COMPOSITE_WITH_TRAINED_ALGORITHMIC_MEDIA("compositeWithTrainedAlgorithmicMedia");

    /** The {@code params} key under which the openai engine records the code on each version it makes. */
    public static final String PARAM = "provenance";
    private static final String BASE = "http://cv.iptc.org/newscodes/digitalsourcetype/";

    private final String code;

    DigitalSourceType(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public String uri() {
        return BASE + code;
    }

    public static Optional<DigitalSourceType> fromCode(String code) {
        for (DigitalSourceType t : values()) {
            if (t.code.equals(code) || t.uri().equals(code)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /**
     * What a final should declare, from the params of the versions in its lineage (base first): a
     * generated base makes everything after it trainedAlgorithmicMedia; any AI edit of an uploaded
     * photo makes it compositeWithTrainedAlgorithmicMedia; no AI step at all means no declaration.
     */
    public static Optional<DigitalSourceType> forLineage(List<Map<String, String>> paramsBaseFirst) {
        if (paramsBaseFirst.isEmpty()) {
            return Optional.empty();
        }
        Optional<DigitalSourceType> base = fromCode(paramsBaseFirst.get(0).getOrDefault(PARAM, ""));
        if (base.isPresent() && base.get() == TRAINED_ALGORITHMIC_MEDIA) {
            return base;
        }
        boolean anyAi = paramsBaseFirst.stream().anyMatch(p -> fromCode(p.getOrDefault(PARAM, "")).isPresent());
        return anyAi ? Optional.of(COMPOSITE_WITH_TRAINED_ALGORITHMIC_MEDIA) : Optional.empty();
    }
}
