package dev.refinery.infra.constructs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.Fn;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.cloudfront.AllowedMethods;
import software.amazon.awscdk.services.cloudfront.BehaviorOptions;
import software.amazon.awscdk.services.cloudfront.CachePolicy;
import software.amazon.awscdk.services.cloudfront.Distribution;
import software.amazon.awscdk.services.cloudfront.FunctionAssociation;
import software.amazon.awscdk.services.cloudfront.FunctionCode;
import software.amazon.awscdk.services.cloudfront.FunctionEventType;
import software.amazon.awscdk.services.cloudfront.FunctionRuntime;
import software.amazon.awscdk.services.cloudfront.HeadersFrameOption;
import software.amazon.awscdk.services.cloudfront.HeadersReferrerPolicy;
import software.amazon.awscdk.services.cloudfront.OriginRequestPolicy;
import software.amazon.awscdk.services.cloudfront.PriceClass;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersContentSecurityPolicy;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersContentTypeOptions;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersFrameOptions;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersPolicy;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersReferrerPolicy;
import software.amazon.awscdk.services.cloudfront.ResponseHeadersStrictTransportSecurity;
import software.amazon.awscdk.services.cloudfront.ResponseSecurityHeadersBehavior;
import software.amazon.awscdk.services.cloudfront.SecurityPolicyProtocol;
import software.amazon.awscdk.services.cloudfront.ViewerProtocolPolicy;
import software.amazon.awscdk.services.cloudfront.origins.RestApiOrigin;
import software.amazon.awscdk.services.cloudfront.origins.S3BucketOrigin;
import software.amazon.awscdk.services.cognito.CognitoDomainOptions;
import software.amazon.awscdk.services.cognito.UserPoolDomain;
import software.amazon.awscdk.services.cognito.UserPoolDomainOptions;
import software.amazon.awscdk.services.s3.BlockPublicAccess;
import software.amazon.awscdk.services.s3.Bucket;
import software.amazon.awscdk.services.s3.BucketEncryption;
import software.amazon.awscdk.services.s3.IBucket;
import software.amazon.awscdk.services.s3.ObjectOwnership;
import software.amazon.awscdk.services.s3.deployment.BucketDeployment;
import software.amazon.awscdk.services.s3.deployment.CacheControl;
import software.amazon.awscdk.services.s3.deployment.ISource;
import software.amazon.awscdk.services.s3.deployment.Source;
import software.constructs.Construct;

/**
 * The seller's web app (functions/web) behind CloudFront: the built files from a private bucket through origin
 * access control at {@code /}, the API under {@code /api/*} (a viewer-request function takes the prefix off before
 * API Gateway's stage, so the API's routes stay as the OpenAPI document names them), the Cognito hosted sign-in's
 * domain, and one response-headers policy: a Content-Security-Policy allowing this origin, the image bucket
 * (presigned links and upload forms) and the sign-in domain and nothing else, HSTS, no framing, no sniffing.
 *
 * <p>The browser reaches the image bucket and the sign-in domain directly, so the deployer lists the app's origin
 * in {@code refinery:corsOrigins}, {@code callbackUrls} and {@code logoutUrls} (the output WebAppUrl after a
 * first deploy, or a custom domain): referring to the distribution's own domain there would make a cycle
 * (bucket CORS → distribution → API → function → bucket).
 */
public final class WebApp extends Construct {

  /** The API's path on the app's origin. */
  public static final String API_PATH = "/api/*";
  /** The viewer-request function on {@link #API_PATH}: "/api/sessions" reaches the stage as "/sessions". */
  static final String STRIP_API_PREFIX = "function handler(event) {\n"
      + "  var request = event.request;\n"
      + "  request.uri = request.uri.substring(4) || '/';\n"
      + "  return request;\n"
      + "}\n";

  private final Bucket site;
  private final Bucket cdnLogs;
  private final Distribution distribution;
  private final UserPoolDomain signIn;
  private final BucketDeployment deployment;
  private final BucketDeployment entry;

  public WebApp(Construct scope, String id, Path dist, Api api, IBucket images, IBucket accessLogs) {
    super(scope, id);
    if (!Files.isRegularFile(dist.resolve("index.html"))) {
      throw new IllegalStateException("The web app is not built: " + dist + " has no index.html (make web, or mvn package)");
    }
    site = Bucket.Builder.create(this, "Site")
        .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
        .encryption(BucketEncryption.S3_MANAGED)
        .enforceSsl(true)
        .objectOwnership(ObjectOwnership.BUCKET_OWNER_ENFORCED)
        .serverAccessLogsBucket(accessLogs)
        .serverAccessLogsPrefix("site/")
        // nothing in it but the build, which the deployment writes again
        .removalPolicy(RemovalPolicy.DESTROY)
        .build();
    // CloudFront's standard logs are written with an ACL, which the stack's log bucket (ACLs disabled) refuses
    cdnLogs = Bucket.Builder.create(this, "CdnLogs")
        .blockPublicAccess(BlockPublicAccess.BLOCK_ALL)
        .encryption(BucketEncryption.S3_MANAGED)
        .enforceSsl(true)
        .objectOwnership(ObjectOwnership.OBJECT_WRITER)
        .lifecycleRules(List.of(software.amazon.awscdk.services.s3.LifecycleRule.builder()
            .id("expire-cdn-logs").expiration(Duration.days(365)).build()))
        .removalPolicy(RemovalPolicy.RETAIN)
        .build();

    // a prefix unique to the account (Cognito prefixes are global per region)
    signIn = api.userPool().addDomain("SignIn", UserPoolDomainOptions.builder()
        .cognitoDomain(CognitoDomainOptions.builder().domainPrefix(Fn.join("-", List.of("refinery", software.amazon.awscdk.Aws.ACCOUNT_ID))).build())
        .build());

    String imagesOrigin = "https://" + images.getBucketRegionalDomainName();
    String csp = String.join("; ",
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' " + imagesOrigin,
        "connect-src 'self' " + imagesOrigin + " " + signIn.baseUrl(),
        "form-action 'self' " + signIn.baseUrl(),
        "frame-ancestors 'none'",
        "base-uri 'none'",
        "object-src 'none'");
    ResponseHeadersPolicy headers = ResponseHeadersPolicy.Builder.create(this, "SecurityHeaders")
        .comment("Refinery web app: CSP allowing the app, its API, the image bucket and the sign-in domain")
        .securityHeadersBehavior(ResponseSecurityHeadersBehavior.builder()
            .contentSecurityPolicy(ResponseHeadersContentSecurityPolicy.builder().contentSecurityPolicy(csp).override(true).build())
            .strictTransportSecurity(ResponseHeadersStrictTransportSecurity.builder()
                .accessControlMaxAge(Duration.days(365)).includeSubdomains(true).override(true).build())
            .contentTypeOptions(ResponseHeadersContentTypeOptions.builder().override(true).build())
            .frameOptions(ResponseHeadersFrameOptions.builder().frameOption(HeadersFrameOption.DENY).override(true).build())
            .referrerPolicy(ResponseHeadersReferrerPolicy.builder().referrerPolicy(HeadersReferrerPolicy.NO_REFERRER).override(true).build())
            .build())
        .build();

    software.amazon.awscdk.services.cloudfront.Function stripApi = software.amazon.awscdk.services.cloudfront.Function.Builder
        .create(this, "StripApiPrefix")
        .comment("The API's routes without the app's /api prefix")
        .code(FunctionCode.fromInline(STRIP_API_PREFIX))
        .runtime(FunctionRuntime.JS_2_0)
        .build();

    distribution = Distribution.Builder.create(this, "Distribution")
        .comment("Refinery web app and API")
        .defaultRootObject("index.html")
        .priceClass(PriceClass.PRICE_CLASS_100)
        .minimumProtocolVersion(SecurityPolicyProtocol.TLS_V1_2_2021)
        .enableLogging(true)
        .logBucket(cdnLogs)
        .logFilePrefix("cdn/")
        .defaultBehavior(BehaviorOptions.builder()
            .origin(S3BucketOrigin.withOriginAccessControl(site))
            .viewerProtocolPolicy(ViewerProtocolPolicy.REDIRECT_TO_HTTPS)
            .cachePolicy(CachePolicy.CACHING_OPTIMIZED)
            .responseHeadersPolicy(headers)
            .build())
        .additionalBehaviors(Map.of(API_PATH, BehaviorOptions.builder()
            .origin(new RestApiOrigin(api.restApi()))
            .viewerProtocolPolicy(ViewerProtocolPolicy.HTTPS_ONLY)
            .allowedMethods(AllowedMethods.ALLOW_ALL)
            .cachePolicy(CachePolicy.CACHING_DISABLED)
            // the Cognito token in Authorization, the query string and the body reach the API; Host stays API Gateway's
            .originRequestPolicy(OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER)
            .functionAssociations(List.of(FunctionAssociation.builder()
                .function(stripApi).eventType(FunctionEventType.VIEWER_REQUEST).build()))
            .responseHeadersPolicy(headers)
            .build()))
        .build();

    // Two copies of the build, told apart by how long a copy may be kept: the hashed assets never change (a year),
    // index.html and config.json name the current ones (revalidated: CloudFront's 1 s minimum). No invalidation,
    // which would give the deployment's handler cloudfront:CreateInvalidation on "*" (CDK grants it unscoped).
    deployment = BucketDeployment.Builder.create(this, "DeployAssets")
        .sources(List.of(Source.asset(dist.toString())))
        .exclude(List.of("index.html"))
        .destinationBucket(site)
        .cacheControl(List.of(CacheControl.setPublic(), CacheControl.maxAge(Duration.days(365)), CacheControl.immutable()))
        .prune(false)
        .memoryLimit(256)
        .build();
    // what the app reads at start: where to sign in (the hosted UI, authorization code with PKCE)
    ISource config = Source.jsonData("config.json", Map.of("auth", Map.of(
        "domain", signIn.baseUrl(),
        "clientId", api.webClient().getUserPoolClientId())));
    entry = BucketDeployment.Builder.create(this, "DeployEntry")
        .sources(List.of(Source.asset(dist.toString()), config))
        .exclude(List.of("*"))
        .include(List.of("index.html", "config.json"))
        .destinationBucket(site)
        .cacheControl(List.of(CacheControl.noCache()))
        .prune(false)
        .memoryLimit(256)
        .build();
    // the entry names assets the first copy must already hold
    entry.getNode().addDependency(deployment);
  }

  public Bucket site() { return site; }

  public Bucket cdnLogs() { return cdnLogs; }

  public Distribution distribution() { return distribution; }

  public UserPoolDomain signIn() { return signIn; }

  /** The hashed assets' copy. */
  public BucketDeployment deployment() { return deployment; }

  /** index.html and config.json. */
  public BucketDeployment entry() { return entry; }
}
