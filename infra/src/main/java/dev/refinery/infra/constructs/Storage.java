package dev.refinery.infra.constructs;

import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.CorsRule;
import software.amazon.awscdk.services.s3.HttpMethods;
import software.amazon.awscdk.services.s3.LifecycleRule;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.constructs.Construct;

/**
 * The image bucket (originals under uploads/, versions under sessions/, renditions under exports/) and
 * the bucket that receives its server access logs.
 */
public final class Storage extends Construct {

  /** Object tag the stages set; only {@code kind=intermediate} objects expire. */
  public static final String KIND_TAG = "kind";
  public static final String INTERMEDIATE = "intermediate";
  /** Originals the upload trigger refused (not a photo, too large, over quota): the only originals that expire. */
  public static final String REJECTED = "rejected";
  /** Days a rejected upload stays, for the seller to see what was refused and why. */
  public static final int REJECTED_UPLOAD_DAYS = 30;
  public static final String UPLOADS_PREFIX = "uploads/";
  public static final String SESSIONS_PREFIX = "sessions/";
  public static final String EXPORTS_PREFIX = "exports/";
  /** Small copies of versions the API makes on request (GET /sessions/{id}/versions/{n}/preview), made again when gone. */
  public static final String PREVIEWS_PREFIX = "previews/";
  /** Days a preview stays after it was made; the web app asks again and the API makes it again. */
  public static final int PREVIEW_DAYS = 30;
  /** ZIPs of a session's finals the API builds on request (POST /sessions/{id}/bundle), built again when gone. */
  public static final String BUNDLES_PREFIX = "bundles/";
  /** Days a bundle stays: long enough to download it, and the originals it copies are kept anyway. */
  public static final int BUNDLE_DAYS = 7;

  private final Bucket images;
  private final Bucket accessLogs;

  public Storage(Construct scope, String id, int intermediateExpirationDays, List<String> corsOrigins) {
    super(scope, id);

    accessLogs = Bucket.Builder.create(this, "AccessLogs")
        .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
        .encryption(BucketEncryption.S3_MANAGED)
        .enforceSsl(true)
        // S3 server access logging delivers with the logging service principal, which requires
        // bucket-owner-enforced ownership (ACLs disabled) plus the bucket policy CDK adds.
        .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
        .lifecycleRules(List.of(LifecycleRule.builder()
            .id("expire-access-logs")
            .expiration(Duration.days(365))
            .build()))
        .removalPolicy(RemovalPolicy.RETAIN)
        .build();

    images = Bucket.Builder.create(this, "Images")
        .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
        // SSE-S3: encrypted at rest with no KMS key policy for browsers' presigned POSTs to satisfy.
        .encryption(BucketEncryption.S3_MANAGED)
        .enforceSsl(true)
        .minimumTlsVersion(1.2)
        // The upload trigger keys "start once" on the object's versionId; originals are never overwritten.
        .versioned(true)
        .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
        .serverAccessLogsBucket(accessLogs)
        .serverAccessLogsPrefix("images/")
        .cors(List.of(CorsRule.builder()
            // Browsers upload with a presigned POST form and read versions through presigned GETs.
            .allowedMethods(List.of(HttpMethods.POST, HttpMethods.GET, HttpMethods.HEAD))
            .allowedOrigins(corsOrigins)
            .allowedHeaders(List.of("*"))
            .exposedHeaders(List.of("ETag", "x-amz-version-id"))
            .maxAge(3000)
            .build()))
        .lifecycleRules(List.of(
            LifecycleRule.builder()
                .id("expire-intermediate-versions")
                .tagFilters(Map.of(KIND_TAG, INTERMEDIATE))
                .expiration(Duration.days(intermediateExpirationDays))
                .noncurrentVersionExpiration(Duration.days(1))
                .build(),
            LifecycleRule.builder()
                // Originals are kept (revert and the fidelity checks read them); a refused upload is not an original.
                .id("expire-rejected-uploads")
                .prefix(UPLOADS_PREFIX)
                .tagFilters(Map.of(KIND_TAG, REJECTED))
                .expiration(Duration.days(REJECTED_UPLOAD_DAYS))
                .noncurrentVersionExpiration(Duration.days(1))
                .build(),
            LifecycleRule.builder()
                // Previews are copies the API makes on demand: nothing is lost when they go.
                .id("expire-previews")
                .prefix(PREVIEWS_PREFIX)
                .expiration(Duration.days(PREVIEW_DAYS))
                .noncurrentVersionExpiration(Duration.days(1))
                .build(),
            LifecycleRule.builder()
                // Bundles are ZIPs of finals the store keeps anyway: built again on request.
                .id("expire-bundles")
                .prefix(BUNDLES_PREFIX)
                .expiration(Duration.days(BUNDLE_DAYS))
                .noncurrentVersionExpiration(Duration.days(1))
                .build(),
            LifecycleRule.builder()
                .id("abort-incomplete-multipart-uploads")
                .abortIncompleteMultipartUploadAfter(Duration.days(1))
                .build(),
            LifecycleRule.builder()
                // Keys are never overwritten on purpose, so a noncurrent version only appears after a
                // delete; keep it long enough to undo a mistaken delete, then let it go.
                .id("expire-noncurrent-versions")
                .noncurrentVersionExpiration(Duration.days(30))
                .expiredObjectDeleteMarker(true)
                .build()))
        .removalPolicy(RemovalPolicy.RETAIN)
        .build();
  }

  public Bucket images() { return images; }

  public Bucket accessLogs() { return accessLogs; }
}
