package dev.refinery.reliability.security;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * How S3 checks a presigned GET (SigV4 query-string authentication, as the S3 API reference
 * describes it): the signature over the canonical request (method, path, sorted query without the
 * signature, host, UNSIGNED-PAYLOAD), and the expiry X-Amz-Date + X-Amz-Expires. moto_server
 * checks neither, so the suites check here what S3 would refuse. Checked against the worked example
 * of the S3 API reference in {@code PresignedUrlTest}.
 *
 * @return null when S3 would serve the URL at {@code now}, else why it would refuse it
 */
final class PresignedGetVerifier {
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private PresignedGetVerifier() {
    }

    static String refusal(URI url, String secretKey, Instant now) {
        Map<String, String> query = new TreeMap<>();
        for (String kv : url.getRawQuery().split("&")) {
            String[] p = kv.split("=", 2);
            query.put(p[0], p.length > 1 ? p[1] : "");
        }
        String signature = query.remove("X-Amz-Signature");
        if (signature == null || !"AWS4-HMAC-SHA256".equals(query.get("X-Amz-Algorithm"))) {
            return "not a SigV4 presigned URL";
        }
        Instant signedAt = java.time.LocalDateTime.parse(query.get("X-Amz-Date"), DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'"))
                .toInstant(ZoneOffset.UTC);
        long expires = Long.parseLong(query.get("X-Amz-Expires"));
        if (now.isAfter(signedAt.plusSeconds(expires))) {
            return "Request has expired";
        }
        String[] scope = URLDecoder.decode(query.get("X-Amz-Credential"), StandardCharsets.UTF_8).split("/");
        String hostHeader = url.getPort() < 0 ? url.getHost() : url.getHost() + ":" + url.getPort();
        StringBuilder canonicalQuery = new StringBuilder();
        query.forEach((k, v) -> canonicalQuery.append(canonicalQuery.length() == 0 ? "" : "&").append(k).append('=').append(v));
        String canonical = "GET\n" + url.getRawPath() + "\n" + canonicalQuery + "\nhost:" + hostHeader + "\n\n"
                + URLDecoder.decode(query.get("X-Amz-SignedHeaders"), StandardCharsets.UTF_8) + "\nUNSIGNED-PAYLOAD";
        String credentialScope = scope[1] + "/" + scope[2] + "/" + scope[3] + "/" + scope[4];
        String toSign = "AWS4-HMAC-SHA256\n" + query.get("X-Amz-Date") + "\n" + credentialScope + "\n" + hex(sha256(canonical));
        byte[] key = hmac(("AWS4" + secretKey).getBytes(StandardCharsets.UTF_8), scope[1]);
        key = hmac(key, scope[2]);
        key = hmac(key, scope[3]);
        key = hmac(key, "aws4_request");
        return hex(hmac(key, toSign)).equals(signature) ? null : "SignatureDoesNotMatch";
    }

    static String amzDate(Instant t) {
        return AMZ_DATE.format(t);
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
