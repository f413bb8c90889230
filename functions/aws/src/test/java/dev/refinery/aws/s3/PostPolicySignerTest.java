package dev.refinery.aws.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.refinery.aws.Json;
import dev.refinery.application.ports.PresignedPost;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

class PostPolicySignerTest {
    /**
     * The worked example of the S3 API reference ("Example: Browser-Based Upload using HTTP POST
     * (Using AWS Signature Version 4)"): its example secret key, date and region, its base64 policy,
     * and the signature the page gives for them.
     */
    @Test
    void signsTheDocumentedExamplePolicyToTheDocumentedSignature() {
        String policy = "eyAiZXhwaXJhdGlvbiI6ICIyMDE1LTEyLTMwVDEyOjAwOjAwLjAwMFoiLA0KICAiY29uZGl0aW9ucyI6IFsNCiAgICB7ImJ1Y2tldCI6ICJzaWd2NGV4YW1wbGVidWNrZXQifSwNCiAgICBbInN0YXJ0cy13aXRoIiwgIiRrZXkiLCAidXNlci91c2VyMS8iXSwNCiAgICB7ImFjbCI6ICJwdWJsaWMtcmVhZCJ9LA0KICAgIHsic3VjY2Vzc19hY3Rpb25fcmVkaXJlY3QiOiAiaHR0cDovL3NpZ3Y0ZXhhbXBsZWJ1Y2tldC5zMy5hbWF6b25hd3MuY29tL3N1Y2Nlc3NmdWxfdXBsb2FkLmh0bWwifSwNCiAgICBbInN0YXJ0cy13aXRoIiwgIiRDb250ZW50LVR5cGUiLCAiaW1hZ2UvIl0sDQogICAgeyJ4LWFtei1tZXRhLXV1aWQiOiAiMTQzNjUxMjM2NTEyNzQifSwNCiAgICB7IngtYW16LXNlcnZlci1zaWRlLWVuY3J5cHRpb24iOiAiQUVTMjU2In0sDQogICAgWyJzdGFydHMtd2l0aCIsICIkeC1hbXotbWV0YS10YWciLCAiIl0sDQoNCiAgICB7IngtYW16LWNyZWRlbnRpYWwiOiAiQUtJQUlPU0ZPRE5ON0VYQU1QTEUvMjAxNTEyMjkvdXMtZWFzdC0xL3MzL2F3czRfcmVxdWVzdCJ9LA0KICAgIHsieC1hbXotYWxnb3JpdGhtIjogIkFXUzQtSE1BQy1TSEEyNTYifSwNCiAgICB7IngtYW16LWRhdGUiOiAiMjAxNTEyMjlUMDAwMDAwWiIgfQ0KICBdDQp9";
        assertThat(PostPolicySigner.signature(policy, "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "20151229", "us-east-1"))
                .isEqualTo("8afdbf4008c03f22c2cd3cdb72e4afbb1f6a588f3255ac628749a66d7f09699e");
    }

    private static JsonNode policyOf(PresignedPost post) {
        return Json.tree(new String(Base64.getDecoder().decode(post.fields().get("policy")), StandardCharsets.UTF_8));
    }

    @Test
    void thePolicyPinsKeyPrefixTypeSizeAndExpiry() {
        Instant now = Instant.parse("2026-11-20T10:00:00Z");
        PresignedPost post = PostPolicySigner.sign(new PostPolicySigner.Rules("bkt", "uploads/acme/", "uploads/acme/SKU-1/x.jpg",
                "image/jpeg", 1, 25_000_000, now.plusSeconds(300)), AwsBasicCredentials.create("AKID", "SECRET"), "eu-west-1", now,
                "https://bkt.s3.eu-west-1.amazonaws.com/");
        JsonNode p = policyOf(post);
        assertThat(p.get("expiration").asText()).isEqualTo("2026-11-20T10:05:00.000Z");
        String conditions = p.get("conditions").toString();
        assertThat(conditions).contains("{\"bucket\":\"bkt\"}", "[\"starts-with\",\"$key\",\"uploads/acme/\"]",
                "{\"key\":\"uploads/acme/SKU-1/x.jpg\"}", "{\"Content-Type\":\"image/jpeg\"}", "[\"content-length-range\",1,25000000]",
                "{\"x-amz-credential\":\"AKID/20261120/eu-west-1/s3/aws4_request\"}", "{\"x-amz-date\":\"20261120T100000Z\"}");
        assertThat(post.fields()).containsEntry("x-amz-algorithm", "AWS4-HMAC-SHA256").doesNotContainKey("x-amz-security-token");
        assertThat(post.fields().get("x-amz-signature"))
                .isEqualTo(PostPolicySigner.signature(post.fields().get("policy"), "SECRET", "20261120", "eu-west-1"));
        assertThat(post.fields().values()).noneMatch(v -> v.contains("SECRET"));
    }

    @Test
    void temporaryCredentialsAddTheirTokenToPolicyAndForm() {
        Instant now = Instant.now();
        PresignedPost post = PostPolicySigner.sign(new PostPolicySigner.Rules("bkt", "uploads/a/", "uploads/a/s/x.png", "image/png", 1, 10,
                now.plusSeconds(60)), AwsSessionCredentials.create("ASIA", "S", "TOKEN-1"), "us-east-1", now, "u");
        assertThat(post.fields()).containsEntry("x-amz-security-token", "TOKEN-1");
        assertThat(policyOf(post).get("conditions").toString()).contains("{\"x-amz-security-token\":\"TOKEN-1\"}");
    }

    @Test
    void aKeyOutsideThePrefixCannotBeSigned() {
        assertThatThrownBy(() -> new PostPolicySigner.Rules("b", "uploads/a/", "uploads/b/s/x.jpg", "image/jpeg", 1, 10, Instant.now()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
