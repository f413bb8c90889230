package dev.refinery.application;

import dev.refinery.domain.InvalidInputException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The shapes of the ids that end up in keys and paths. Anything else is refused before it reaches
 * a store, which also rules out path traversal ("..", "/", encoded separators).
 */
public final class Ids {
    public static final Pattern TENANT = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");
    public static final Pattern SKU = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    public static final Pattern SESSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{0,63}");
    public static final int MAX_PROMPT = 32_000;
    public static final int MAX_FILE_NAME = 200;

    /** The photo types the ingestor reads, by file extension. */
    public static final Map<String, String> CONTENT_TYPES = Map.of(
            "jpg", "image/jpeg", "jpeg", "image/jpeg", "png", "image/png", "webp", "image/webp");

    private Ids() {
    }

    public static String tenant(String v) {
        if (v == null || !TENANT.matcher(v).matches()) {
            throw new InvalidInputException("'" + abbreviate(v) + "' is not a valid tenant id", "tenant ids are 1-64 letters, digits, '-' or '_'");
        }
        return v;
    }

    public static String sku(String v) {
        if (v == null || !SKU.matcher(v).matches() || v.contains("..")) {
            throw new InvalidInputException("'" + abbreviate(v) + "' is not a valid SKU", "use 1-64 letters, digits, '.', '-' or '_', starting with a letter or digit");
        }
        return v;
    }

    public static String session(String v) {
        if (v == null || !SESSION.matcher(v).matches()) {
            throw new InvalidInputException("'" + abbreviate(v) + "' is not a valid session id", "use the sessionId returned when the session was started");
        }
        return v;
    }

    public static int versionNumber(String v) {
        if (v == null || !v.matches("[1-9][0-9]{0,8}")) {
            throw new InvalidInputException("'" + abbreviate(v) + "' is not a valid version number", "versions are numbered from 1");
        }
        return Integer.parseInt(v);
    }

    /** The lower-case extension of a file name, when it is a photo type we read. */
    public static Optional<String> photoExtension(String fileName) {
        int dot = fileName.lastIndexOf('.');
        if (dot < 0 || dot == fileName.length() - 1) {
            return Optional.empty();
        }
        String ext = fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
        return CONTENT_TYPES.containsKey(ext) ? Optional.of(ext) : Optional.empty();
    }

    /** A file name for an upload key: no separators, no control characters, a photo extension. */
    public static String fileName(String v) {
        if (v == null || v.isBlank() || v.length() > MAX_FILE_NAME || v.contains("/") || v.contains("\\")
                || v.startsWith(".") || v.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new InvalidInputException("'" + abbreviate(v) + "' is not a usable file name",
                    "send the photo's plain file name (no folders), at most " + MAX_FILE_NAME + " characters");
        }
        if (photoExtension(v).isEmpty()) {
            throw new InvalidInputException("'" + abbreviate(v) + "' is not a supported photo type", "upload a JPEG, PNG or WebP photo");
        }
        return v;
    }

    public static String prompt(String v) {
        if (v != null && v.length() > MAX_PROMPT) {
            throw new InvalidInputException("The prompt has " + v.length() + " characters", "keep it under 32,000 characters");
        }
        return v;
    }

    /** A product category: a short word or two (it names a prompt template and a bundle of presets' rules). */
    public static final Pattern CATEGORY = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N} _&,.'()/-]{0,47}");
    /**
     * Product facts: enough for a label's wording, colours, sizes and materials; bounded so a request can never
     * carry an item past DynamoDB's 400 KB (a 900 KB body used to pass here and fail as a 500 at the store).
     */
    public static final int MAX_FACTS = 32, MAX_FACT_NAME = 48, MAX_FACT_VALUE = 500, MAX_FACTS_CHARS = 8_000;
    /** Presets named in one request (there are a dozen; a name repeated or a list of thousands is a mistake). */
    public static final int MAX_PRESETS = 16, MAX_PRESET_ID = 48;

    public static String category(String v) {
        if (v != null && !CATEGORY.matcher(v).matches()) {
            throw new InvalidInputException("The category '" + abbreviate(v) + "' is not a category",
                    "use a word or two (letters, digits, spaces and _ & , . ' ( ) / -), at most 48 characters, e.g. \"Home & Kitchen\"");
        }
        return v;
    }

    public static Map<String, String> facts(Map<String, String> v) {
        if (v == null) {
            return null;
        }
        if (v.size() > MAX_FACTS) {
            throw new InvalidInputException("The request has " + v.size() + " product facts", "send at most " + MAX_FACTS);
        }
        int total = 0;
        for (Map.Entry<String, String> e : v.entrySet()) {
            String name = e.getKey(), value = e.getValue() == null ? "" : e.getValue();
            if (name == null || name.isBlank() || name.length() > MAX_FACT_NAME) {
                throw new InvalidInputException("The fact name '" + abbreviate(name) + "' is empty or longer than " + MAX_FACT_NAME + " characters",
                        "name each fact briefly, e.g. \"colour\" or \"size\"");
            }
            if (value.length() > MAX_FACT_VALUE) {
                throw new InvalidInputException("The fact '" + abbreviate(name) + "' has " + value.length() + " characters",
                        "keep each fact under " + MAX_FACT_VALUE + " characters");
            }
            total += name.length() + value.length();
        }
        if (total > MAX_FACTS_CHARS) {
            throw new InvalidInputException("The product facts have " + total + " characters in all", "keep them under " + MAX_FACTS_CHARS);
        }
        return v;
    }

    public static java.util.List<String> presets(java.util.List<String> v) {
        if (v == null) {
            return null;
        }
        if (v.size() > MAX_PRESETS) {
            throw new InvalidInputException("The request names " + v.size() + " presets", "name at most " + MAX_PRESETS + ", each once");
        }
        for (String id : v) {
            if (id == null || id.isBlank() || id.length() > MAX_PRESET_ID) {
                throw new InvalidInputException("The preset '" + abbreviate(id) + "' is not a preset id", "use ids like amazon-main");
            }
        }
        return v;
    }

    /** An Idempotency-Key header: what a client generates (a UUID, a hash), 1-128 printable characters. */
    public static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[\\x21-\\x7E]{1,128}");

    public static String idempotencyKey(String v) {
        if (v == null || !IDEMPOTENCY_KEY.matcher(v).matches()) {
            throw new InvalidInputException("The Idempotency-Key header is not 1-128 printable characters", "send a UUID, e.g. from crypto.randomUUID()");
        }
        return v;
    }

    static String abbreviate(String v) {
        if (v == null) {
            return "";
        }
        String clean = v.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 80 ? clean.substring(0, 80) + "…" : clean;
    }
}
