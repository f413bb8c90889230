package dev.refinery.aws.s3;

import dev.refinery.aws.SdkErrors;
import dev.refinery.domain.NotFoundException;
import dev.refinery.domain.TransientRefineryException;
import dev.refinery.ports.ImageStore;
import dev.refinery.application.ports.ImageLinks;
import dev.refinery.application.ports.PresignedPost;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectRequest;
import software.amazon.awssdk.services.s3.model.HeadObjectRequest;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.Tag;
import software.amazon.awssdk.services.s3.model.Tagging;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Images in one S3 bucket. Object tags ({@code kind=intermediate|kept|final|base}) drive the bucket's
 * lifecycle rules; keys are plain (never URL-encoded) strings.
 */
public final class S3ImageStore implements ImageStore, ImageLinks {
    private final S3Client s3;
    private final S3Presigner presigner;
    private final AwsCredentialsProvider credentials;
    private final String bucket;
    private final String region;
    private final Optional<URI> endpoint;
    private final Clock clock;

    /**
     * @param endpoint an emulator's endpoint (path-style URLs), empty for AWS (virtual-hosted URLs)
     */
    public S3ImageStore(S3Client s3, S3Presigner presigner, AwsCredentialsProvider credentials, String bucket, String region,
                        Optional<URI> endpoint, Clock clock) {
        this.s3 = s3;
        this.presigner = presigner;
        this.credentials = credentials;
        this.bucket = bucket;
        this.region = region;
        this.endpoint = endpoint;
        this.clock = clock;
    }

    public String bucket() {
        return bucket;
    }

    @Override
    public void put(String key, byte[] bytes, String contentType, Map<String, String> tags) {
        PutObjectRequest.Builder req = PutObjectRequest.builder().bucket(bucket).key(key).contentType(contentType);
        if (!tags.isEmpty()) {
            req.tagging(tagging(tags));
        }
        try {
            s3.putObject(req.build(), RequestBody.fromBytes(bytes));
        } catch (SdkClientException e) {
            throw new TransientRefineryException("Could not store " + key + ": " + e.getMessage(), e);
        } catch (S3Exception e) {
            throw transientOr(e, "Could not store " + key);
        }
    }

    @Override
    public byte[] get(String key) {
        try {
            return s3.getObjectAsBytes(GetObjectRequest.builder().bucket(bucket).key(key).build()).asByteArray();
        } catch (NoSuchKeyException e) {
            throw new NotFoundException("No object " + key);
        } catch (SdkClientException e) {
            throw new TransientRefineryException("Could not read " + key + ": " + e.getMessage(), e);
        } catch (S3Exception e) {
            throw transientOr(e, "Could not read " + key);
        }
    }

    @Override
    public byte[] get(String key, String versionId) {
        if (versionId == null) {
            return get(key);
        }
        try {
            return s3.getObjectAsBytes(GetObjectRequest.builder().bucket(bucket).key(key).versionId(versionId).build()).asByteArray();
        } catch (NoSuchKeyException e) {
            throw new NotFoundException("No object " + key + " (version " + versionId + ")");
        } catch (SdkClientException e) {
            throw new TransientRefineryException("Could not read " + key + ": " + e.getMessage(), e);
        } catch (S3Exception e) {
            throw transientOr(e, "Could not read " + key);
        }
    }

    @Override
    public boolean exists(String key) {
        try {
            s3.headObject(HeadObjectRequest.builder().bucket(bucket).key(key).build());
            return true;
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw transientOr(e, "Could not look up " + key);
        } catch (SdkClientException e) {
            throw new TransientRefineryException("Could not look up " + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void tag(String key, Map<String, String> tags) {
        try {
            s3.putObjectTagging(b -> b.bucket(bucket).key(key).tagging(tagging(tags)));
        } catch (NoSuchKeyException e) {
            throw new NotFoundException("No object " + key);
        } catch (SdkClientException e) {
            throw new TransientRefineryException("Could not tag " + key + ": " + e.getMessage(), e);
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                throw new NotFoundException("No object " + key);
            }
            throw transientOr(e, "Could not tag " + key);
        }
    }

    @Override
    public Map<String, String> tags(String key) {
        try {
            return s3.getObjectTagging(b -> b.bucket(bucket).key(key)).tagSet().stream()
                    .collect(Collectors.toUnmodifiableMap(Tag::key, Tag::value));
        } catch (NoSuchKeyException e) {
            throw new NotFoundException("No object " + key);
        } catch (SdkClientException e) {
            throw new TransientRefineryException("Could not read the tags of " + key + ": " + e.getMessage(), e);
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                throw new NotFoundException("No object " + key);
            }
            throw transientOr(e, "Could not read the tags of " + key);
        }
    }

    private static Tagging tagging(Map<String, String> tags) {
        return Tagging.builder().tagSet(tags.entrySet().stream()
                .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
                .collect(Collectors.toList())).build();
    }

    /** Throttling and 5xx that outlasted the SDK's retries are retryable for the state machine; anything else is not ours to soften. */
    private static RuntimeException transientOr(S3Exception e, String what) {
        if (SdkErrors.transientService(e)) {
            return new TransientRefineryException(what + ": S3 answered " + e.statusCode() + " "
                    + (e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode()), e);
        }
        return e;
    }

    @Override
    public URI downloadUrl(String key, Duration ttl) {
        return URI.create(presigner.presignGetObject(b -> b.signatureDuration(ttl)
                .getObjectRequest(GetObjectRequest.builder().bucket(bucket).key(key).build())).url().toString());
    }

    @Override
    public URI attachmentUrl(String key, Duration ttl, String fileName) {
        return URI.create(presigner.presignGetObject(b -> b.signatureDuration(ttl)
                .getObjectRequest(GetObjectRequest.builder().bucket(bucket).key(key)
                        .responseContentDisposition(ImageLinks.attachment(fileName)).build())).url().toString());
    }

    @Override
    public PresignedPost uploadForm(String keyPrefix, String key, String contentType, long maxBytes, Duration ttl) {
        Instant now = clock.instant();
        return PostPolicySigner.sign(new PostPolicySigner.Rules(bucket, keyPrefix, key, contentType, 1, maxBytes, now.plus(ttl)),
                credentials.resolveCredentials(), region, now, formUrl());
    }

    /** Where the form posts: the bucket's virtual-hosted endpoint in AWS, path-style on an emulator. */
    String formUrl() {
        return endpoint.map(e -> e.toString().replaceAll("/+$", "") + "/" + bucket)
                .orElse("https://" + bucket + ".s3." + region + ".amazonaws.com/");
    }
}
