package dev.refinery.local.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.refinery.aws.Json;
import dev.refinery.aws.s3.PostPolicySigner;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * S3's browser upload (POST Object with a SigV4-signed policy) for the embedded store, which does
 * not implement it: the form the API hands out posts here, this checks it the way S3 does (the
 * policy's signature with the stack's key, its expiration, every condition — exact match,
 * starts-with, content-length-range — and that every form field is covered by a condition), then
 * stores the file with PutObject. The key is the form's {@code key} field and is never chosen by
 * this code, so the tenant prefix the API pinned in the policy is what decides where a file lands.
 */
public final class PostObjectGateway {
    /** Why S3 would refuse the form: its HTTP status, S3's error code, a message. */
    public record Refusal(int status, String code, String message) {
    }

    /** The outcome: stored (with the new version id and ETag) or refused. */
    public record Outcome(Refusal refusal, String key, String versionId, String eTag) {
        public boolean stored() {
            return refusal == null;
        }
    }

    private final S3Client s3;
    private final AwsCredentials credentials;
    private final Clock clock;
    private final Runnable afterStore;

    /**
     * @param credentials the key the stack signs its forms with
     * @param afterStore  called after each stored file (the upload notifier's nudge)
     */
    public PostObjectGateway(S3Client s3, AwsCredentials credentials, Clock clock, Runnable afterStore) {
        this.s3 = s3;
        this.credentials = credentials;
        this.clock = clock;
        this.afterStore = afterStore;
    }

    public Outcome post(String bucket, List<Multipart.Part> parts) {
        Map<String, String> fields = Multipart.fieldsBeforeFile(parts);
        Multipart.Part file = parts.stream().filter(p -> p.name().equalsIgnoreCase("file")).findFirst().orElse(null);
        if (file == null) {
            return refused(400, "InvalidArgument", "POST requires exactly one file upload per request.");
        }
        Refusal r = check(fields, file.content().length, bucket, clock.instant());
        if (r != null) {
            return new Outcome(r, null, null, null);
        }
        String key = fields.get("key").replace("${filename}", file.fileName() == null ? "" : file.fileName());
        String contentType = field(fields, "Content-Type");
        PutObjectResponse put = s3.putObject(b -> b.bucket(bucket).key(key).contentType(contentType == null ? file.contentType() : contentType),
                RequestBody.fromBytes(file.content()));
        afterStore.run();
        return new Outcome(null, key, put.versionId(), put.eTag());
    }

    /** S3's checks of a POST policy; null when the upload is allowed. */
    Refusal check(Map<String, String> fields, long size, String bucket, Instant now) {
        String policy = fields.get("policy");
        String signature = field(fields, "x-amz-signature");
        String credential = field(fields, "x-amz-credential");
        String algorithm = field(fields, "x-amz-algorithm");
        if (policy == null || signature == null || credential == null || !"AWS4-HMAC-SHA256".equals(algorithm)) {
            return new Refusal(403, "AccessDenied", "The form needs policy, x-amz-algorithm AWS4-HMAC-SHA256, x-amz-credential and x-amz-signature");
        }
        if (fields.get("key") == null) {
            return new Refusal(400, "InvalidArgument", "Bucket POST must contain a field named 'key'.");
        }
        String[] scope = credential.split("/");
        if (scope.length != 5 || !scope[0].equals(credentials.accessKeyId()) || !scope[3].equals("s3") || !scope[4].equals("aws4_request")) {
            return new Refusal(403, "InvalidAccessKeyId", "The credential " + credential + " is not this stack's");
        }
        String expected = PostPolicySigner.signature(policy, credentials.secretAccessKey(), scope[1], scope[2]);
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), signature.getBytes(StandardCharsets.US_ASCII))) {
            return new Refusal(403, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided.");
        }
        JsonNode doc;
        try {
            doc = Json.tree(new String(Base64.getDecoder().decode(policy), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            return new Refusal(400, "InvalidPolicyDocument", "Invalid Policy: the policy is not base64-encoded JSON");
        }
        try {
            if (!Instant.parse(doc.path("expiration").asText()).isAfter(now)) {
                return new Refusal(403, "AccessDenied", "Invalid according to Policy: Policy expired.");
            }
        } catch (java.time.format.DateTimeParseException e) {
            return new Refusal(400, "InvalidPolicyDocument", "Invalid Policy: Invalid 'expiration' value");
        }
        Set<String> covered = new HashSet<>();
        for (JsonNode c : doc.path("conditions")) {
            String name;
            String op;
            String value;
            if (c.isObject() && c.size() == 1) {
                name = c.fieldNames().next();
                op = "eq";
                value = c.get(name).asText();
            } else if (c.isArray() && c.size() == 3 && "content-length-range".equalsIgnoreCase(c.get(0).asText())) {
                if (size < c.get(1).asLong()) {
                    return new Refusal(400, "EntityTooSmall", "Your proposed upload is smaller than the minimum allowed size");
                }
                if (size > c.get(2).asLong()) {
                    return new Refusal(400, "EntityTooLarge", "Your proposed upload exceeds the maximum allowed size");
                }
                continue;
            } else if (c.isArray() && c.size() == 3 && c.get(1).asText().startsWith("$")) {
                op = c.get(0).asText().toLowerCase(Locale.ROOT);
                name = c.get(1).asText().substring(1);
                value = c.get(2).asText();
            } else {
                return new Refusal(400, "InvalidPolicyDocument", "Invalid Policy: Invalid Condition: " + c);
            }
            covered.add(name.toLowerCase(Locale.ROOT));
            String actual = name.equalsIgnoreCase("bucket") ? bucket : field(fields, name);
            boolean ok = switch (op) {
                case "eq" -> value.equals(actual);
                case "starts-with" -> actual != null && actual.startsWith(value);
                default -> false;
            };
            if (!ok) {
                return new Refusal(403, "AccessDenied", "Invalid according to Policy: Policy Condition failed: [\"" + op + "\", \"$" + name + "\", \"" + value + "\"]");
            }
        }
        for (String f : fields.keySet()) {
            String n = f.toLowerCase(Locale.ROOT);
            if (!n.equals("policy") && !n.equals("x-amz-signature") && !n.equals("file") && !n.startsWith("x-ignore-") && !covered.contains(n)) {
                return new Refusal(403, "AccessDenied", "Invalid according to Policy: Extra input fields: " + f);
            }
        }
        return null;
    }

    /** Form field names are case-insensitive in S3. */
    private static String field(Map<String, String> fields, String name) {
        for (Map.Entry<String, String> e : fields.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return e.getValue();
            }
        }
        return null;
    }

    private static Outcome refused(int status, String code, String message) {
        return new Outcome(new Refusal(status, code, message), null, null, null);
    }

    /** S3's XML error body. */
    public static String errorXml(Refusal r) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>" + xml(r.code()) + "</Code><Message>" + xml(r.message())
                + "</Message></Error>";
    }

    private static String xml(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
