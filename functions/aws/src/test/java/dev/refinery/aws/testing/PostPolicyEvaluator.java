package dev.refinery.aws.testing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.refinery.aws.Json;
import dev.refinery.aws.s3.PostPolicySigner;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;

/**
 * S3's evaluation of a POST Object form, as the S3 API reference describes it (signature over the
 * base64 policy, expiration, every condition: exact match, starts-with, content-length-range; every
 * form field except file/policy/x-amz-signature must be covered). moto_server 5.2.1 stores any
 * form it gets without evaluating the policy, so the refusals are checked here.
 *
 * @return null when S3 would accept the upload, else why it would refuse it
 */
public final class PostPolicyEvaluator {
    private PostPolicyEvaluator() {
    }

    public static String refusal(Map<String, String> fields, long fileSize, String bucket, String secretKey, Instant now) {
        String policy = fields.get("policy");
        String[] scope = fields.get("x-amz-credential").split("/");
        if (!PostPolicySigner.signature(policy, secretKey, scope[1], scope[2]).equals(fields.get("x-amz-signature"))) {
            return "SignatureDoesNotMatch";
        }
        JsonNode doc = Json.tree(new String(Base64.getDecoder().decode(policy), StandardCharsets.UTF_8));
        if (!Instant.parse(doc.get("expiration").asText()).isAfter(now)) {
            return "policy expired";
        }
        java.util.Set<String> covered = new java.util.HashSet<>();
        for (JsonNode c : doc.get("conditions")) {
            if (c.isObject()) {
                String name = c.fieldNames().next();
                covered.add(name.toLowerCase(Locale.ROOT));
                String actual = name.equals("bucket") ? bucket : fields.get(name);
                if (!c.get(name).asText().equals(actual)) {
                    return "condition failed: " + name;
                }
            } else if ("starts-with".equals(c.get(0).asText())) {
                String name = c.get(1).asText().substring(1);
                covered.add(name.toLowerCase(Locale.ROOT));
                String actual = fields.get(name);
                if (actual == null || !actual.startsWith(c.get(2).asText())) {
                    return "condition failed: " + name + " starts-with " + c.get(2).asText();
                }
            } else if ("content-length-range".equals(c.get(0).asText())) {
                if (fileSize < c.get(1).asLong() || fileSize > c.get(2).asLong()) {
                    return "EntityTooLarge or EntityTooSmall: " + fileSize + " bytes";
                }
            }
        }
        for (String f : fields.keySet()) {
            String name = f.toLowerCase(Locale.ROOT);
            if (!name.equals("policy") && !name.equals("x-amz-signature") && !name.equals("file") && !covered.contains(name)) {
                return "field " + f + " is not covered by the policy";
            }
        }
        return null;
    }
}
