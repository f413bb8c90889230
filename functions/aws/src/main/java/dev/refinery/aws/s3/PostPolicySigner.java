package dev.refinery.aws.s3;

import dev.refinery.aws.Json;
import dev.refinery.application.ports.PresignedPost;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * Builds S3 browser-upload forms (POST Object) signed with Signature Version 4: the AWS SDK for Java
 * v2 presigns GET and PUT but has no POST policy. Unlike a presigned PUT, the policy lets S3 itself
 * refuse a body outside {@code content-length-range} and a key outside the allowed prefix before
 * anything is stored. See the S3 API reference, "Browser-Based Uploads Using POST (AWS Signature
 * Version 4)"; the signature is checked against the example published there.
 */
public final class PostPolicySigner {
    static final String ALGORITHM = "AWS4-HMAC-SHA256";
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter SCOPE_DATE = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter EXPIRATION = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private PostPolicySigner() {
    }

    /** What the form may upload. */
    public record Rules(String bucket, String keyPrefix, String key, String contentType, long minBytes, long maxBytes, Instant expiresAt) {
        public Rules {
            if (!key.startsWith(keyPrefix)) {
                throw new IllegalArgumentException("key " + key + " is outside " + keyPrefix);
            }
            if (minBytes < 0 || maxBytes < minBytes) {
                throw new IllegalArgumentException("bad content-length-range " + minBytes + ".." + maxBytes);
            }
        }
    }

    /**
     * @param url the bucket's endpoint the form posts to (virtual-hosted, or path-style for emulators)
     */
    public static PresignedPost sign(Rules rules, AwsCredentials credentials, String region, Instant now, String url) {
        String date = AMZ_DATE.format(now);
        String credential = credentials.accessKeyId() + "/" + SCOPE_DATE.format(now) + "/" + region + "/s3/aws4_request";
        String token = credentials instanceof AwsSessionCredentials s ? s.sessionToken() : null;

        List<Object> conditions = new ArrayList<>();
        conditions.add(Map.of("bucket", rules.bucket()));
        conditions.add(List.of("starts-with", "$key", rules.keyPrefix()));
        conditions.add(Map.of("key", rules.key()));
        conditions.add(Map.of("Content-Type", rules.contentType()));
        conditions.add(List.of("content-length-range", rules.minBytes(), rules.maxBytes()));
        conditions.add(Map.of("x-amz-algorithm", ALGORITHM));
        conditions.add(Map.of("x-amz-credential", credential));
        conditions.add(Map.of("x-amz-date", date));
        if (token != null) {
            conditions.add(Map.of("x-amz-security-token", token));
        }
        Map<String, Object> policy = new LinkedHashMap<>();
        policy.put("expiration", EXPIRATION.format(rules.expiresAt().truncatedTo(ChronoUnit.MILLIS)));
        policy.put("conditions", conditions);
        String encodedPolicy = Base64.getEncoder().encodeToString(Json.write(policy).getBytes(StandardCharsets.UTF_8));

        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("key", rules.key());
        fields.put("Content-Type", rules.contentType());
        fields.put("x-amz-algorithm", ALGORITHM);
        fields.put("x-amz-credential", credential);
        fields.put("x-amz-date", date);
        if (token != null) {
            fields.put("x-amz-security-token", token);
        }
        fields.put("policy", encodedPolicy);
        fields.put("x-amz-signature", signature(encodedPolicy, credentials.secretAccessKey(), SCOPE_DATE.format(now), region));
        return new PresignedPost(url, rules.key(), fields, rules.expiresAt(), rules.maxBytes());
    }

    /** Hex HMAC-SHA256 of the base64 policy with the SigV4 signing key of (date, region, s3). */
    public static String signature(String base64Policy, String secretKey, String yyyymmdd, String region) {
        byte[] key = hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), yyyymmdd);
        key = hmac(key, region);
        key = hmac(key, "s3");
        key = hmac(key, "aws4_request");
        return HexFormat.of().formatHex(hmac(key, base64Policy));
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable", e);
        }
    }
}
