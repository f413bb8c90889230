package dev.refinery.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fake API's language model for the feedback planner: answers a chat completion whose response format is
 * the planner's strict JSON schema with a plan read from the seller's words by keyword, the way a real model's
 * answer looks (the content is the plan as a JSON string; usage reported). It refuses a request that does not
 * ask for a strict json_schema response, so a planner that stopped using structured outputs fails its tests.
 */
final class FakePlanningModel {
    static final long PROMPT_TOKENS = 1200, COMPLETION_TOKENS = 350;
    private static final Pattern FEEDBACK = Pattern.compile("Seller's feedback: \"(.*)\"", Pattern.DOTALL);
    private static final Pattern CLAUSES = Pattern.compile("\\s*(?:[.;,!?]+|\\band\\b|\\bthen\\b|\\balso\\b)\\s*");

    private FakePlanningModel() {
    }

    static okhttp3.mockwebserver.MockResponse answer(byte[] body) throws java.io.IOException {
        JsonNode req = FakeImagesApi.JSON.readTree(body);
        JsonNode format = req.path("response_format");
        if (!"json_schema".equals(format.path("type").asText()) || !format.path("json_schema").path("strict").asBoolean(false)) {
            return FakeImagesApi.error(400, null, "invalid_request_error", "the fake planning model only answers strict json_schema requests");
        }
        String user = "";
        for (JsonNode m : req.path("messages")) {
            if ("user".equals(m.path("role").asText())) {
                user = m.path("content").asText();
            }
        }
        Matcher f = FEEDBACK.matcher(user);
        ObjectNode plan = plan(f.find() ? f.group(1) : user);
        ObjectNode root = FakeImagesApi.JSON.createObjectNode();
        root.put("id", "chatcmpl-fake-" + Long.toHexString(System.nanoTime()));
        root.put("object", "chat.completion");
        root.put("created", 1_760_000_000L);
        root.put("model", req.path("model").asText("gpt-5-mini"));
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        choice.put("finish_reason", "stop");
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        message.put("content", plan.toString());
        message.putNull("refusal");
        ObjectNode usage = root.putObject("usage");
        usage.put("prompt_tokens", PROMPT_TOKENS);
        usage.put("completion_tokens", COMPLETION_TOKENS);
        usage.put("total_tokens", PROMPT_TOKENS + COMPLETION_TOKENS);
        return FakeImagesApi.json(200, root.toString());
    }

    /** The plan a diligent model would write for these words, by keyword. */
    static ObjectNode plan(String feedback) {
        ObjectNode plan = FakeImagesApi.JSON.createObjectNode();
        ArrayNode ops = plan.putArray("operations");
        ArrayNode declined = plan.putArray("declined");
        for (String clause : CLAUSES.split(feedback.toLowerCase(Locale.ROOT))) {
            String c = clause.strip();
            if (c.isEmpty()) {
                continue;
            }
            String kind = kind(c);
            if (kind == null) {
                declined.addObject().put("request", c).put("reason", "not a photo edit I can plan");
                continue;
            }
            ObjectNode op = ops.addObject();
            op.put("request", c);
            op.put("kind", kind);
            if (c.contains("a little") || c.contains("slightly")) {
                op.put("amount", 0.33);
            } else if (c.contains("much") || c.contains("a lot")) {
                op.put("amount", 1.0);
            } else {
                op.put("amount", 0.66);
            }
            Matcher colour = Pattern.compile("\\b(pink|red|blue|green|yellow|grey|gray|black|beige|navy|teal)\\b|#[0-9a-f]{6}\\b").matcher(c);
            if ((kind.equals("BACKGROUND_COLOUR") || kind.equals("PRODUCT_COLOUR")) && colour.find()) {
                op.put("colour", colour.group());
            } else {
                op.putNull("colour");
            }
            op.put("instruction", "Make the photo " + c.replaceFirst("^(make (it|the (photo|image|product))|please)\\s*", "")
                    + "; keep the product's shape, colours and printed text exactly as they are.");
        }
        return plan;
    }

    private static String kind(String c) {
        if (c.matches(".*\\b(label|text|logo)\\b.*\\b(vivid|change|replace|colou?r|rewrite)\\b.*")) return "CHANGE_LABEL_OR_TEXT";
        if (c.matches(".*\\bbackground\\b.*")) return "BACKGROUND_COLOUR";
        if (c.matches(".*\\b(remove|no)\\b.*\\bshadow.*")) return "REMOVE_SHADOW";
        if (c.matches(".*\\b(remove|take out)\\b.*")) return "REMOVE_PROP";
        if (c.matches(".*\\b(brighter|lighter)\\b.*")) return "BRIGHTER";
        if (c.matches(".*\\bdarker\\b.*")) return "DARKER";
        if (c.matches(".*\\bwarmer\\b.*")) return "WARMER";
        if (c.matches(".*\\b(cooler|colder)\\b.*")) return "COOLER";
        if (c.matches(".*\\b(sharper|crisper)\\b.*")) return "SHARPER";
        if (c.matches(".*\\b(smoother|less noise)\\b.*")) return "SMOOTHER";
        if (c.matches(".*\\b(bigger|larger)\\b.*")) return "BIGGER";
        if (c.matches(".*\\b(smaller|more (white )?space)\\b.*")) return "SMALLER";
        if (c.matches(".*(\\b(red|blue|green|pink|navy|teal)\\b|#[0-9a-f]{6}\\b|\\bcolou?r\\b).*")) return "PRODUCT_COLOUR";
        return null;
    }
}
