package dev.refinery.infra.constructs;

import dev.refinery.infra.RefineryConfig;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.apigateway.AccessLogFormat;
import software.amazon.awscdk.services.apigateway.AuthorizationType;
import software.amazon.awscdk.services.apigateway.CognitoUserPoolsAuthorizer;
import software.amazon.awscdk.services.apigateway.CorsOptions;
import software.amazon.awscdk.services.apigateway.EndpointType;
import software.amazon.awscdk.services.apigateway.JsonWithStandardFieldProps;
import software.amazon.awscdk.services.apigateway.LambdaIntegration;
import software.amazon.awscdk.services.apigateway.LogGroupLogDestination;
import software.amazon.awscdk.services.apigateway.MethodLoggingLevel;
import software.amazon.awscdk.services.apigateway.MethodOptions;
import software.amazon.awscdk.services.apigateway.Period;
import software.amazon.awscdk.services.apigateway.ProxyResource;
import software.amazon.awscdk.services.apigateway.ProxyResourceOptions;
import software.amazon.awscdk.services.apigateway.QuotaSettings;
import software.amazon.awscdk.services.apigateway.RequestValidator;
import software.amazon.awscdk.services.apigateway.RequestValidatorOptions;
import software.amazon.awscdk.services.apigateway.RestApi;
import software.amazon.awscdk.services.apigateway.StageOptions;
import software.amazon.awscdk.services.apigateway.ThrottleSettings;
import software.amazon.awscdk.services.apigateway.UsagePlan;
import software.amazon.awscdk.services.apigateway.UsagePlanPerApiStage;
import software.amazon.awscdk.services.apigateway.UsagePlanProps;
import software.amazon.awscdk.services.cognito.AccountRecovery;
import software.amazon.awscdk.services.cognito.AuthFlow;
import software.amazon.awscdk.services.cognito.ClientAttributes;
import software.amazon.awscdk.services.cognito.FeaturePlan;
import software.amazon.awscdk.services.cognito.Mfa;
import software.amazon.awscdk.services.cognito.MfaSecondFactor;
import software.amazon.awscdk.services.cognito.PasswordPolicy;
import software.amazon.awscdk.services.cognito.SignInAliases;
import software.amazon.awscdk.services.cognito.StandardAttribute;
import software.amazon.awscdk.services.cognito.StandardAttributes;
import software.amazon.awscdk.services.cognito.StandardAttributesMask;
import software.amazon.awscdk.services.cognito.StringAttribute;
import software.amazon.awscdk.services.cognito.UserPool;
import software.amazon.awscdk.services.cognito.UserPoolClient;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * The REST API: Cognito user-pool authorizer in front of one proxy method to the API function.
 *
 * <p>The tenant is the user pool's immutable custom attribute {@code tenant}; it reaches the API handler
 * as the ID token claim {@code custom:tenant} in {@code requestContext.authorizer.claims}. Only
 * administrators set it (no self sign-up, and the app client cannot write it), so a seller cannot move
 * themselves into another tenant.
 */
public final class Api extends Construct {

  public static final String TENANT_ATTRIBUTE = "tenant";
  public static final String TENANT_CLAIM = "custom:" + TENANT_ATTRIBUTE;
  public static final String STAGE_NAME = "v1";

  private final UserPool userPool;
  private final UserPoolClient webClient;
  private final RestApi restApi;
  private final LogGroup accessLogs;
  private final UsagePlan usagePlan;

  public Api(Construct scope, String id, RefineryConfig config, IFunction apiAlias) {
    super(scope, id);

    userPool = UserPool.Builder.create(this, "Sellers")
        .selfSignUpEnabled(false)
        .signInAliases(SignInAliases.builder().email(true).build())
        .autoVerify(software.amazon.awscdk.services.cognito.AutoVerifiedAttrs.builder().email(true).build())
        .standardAttributes(StandardAttributes.builder()
            .email(StandardAttribute.builder().required(true).mutable(true).build())
            .build())
        .customAttributes(Map.of(TENANT_ATTRIBUTE, StringAttribute.Builder.create()
            .minLen(1).maxLen(64).mutable(false).build()))
        .passwordPolicy(PasswordPolicy.builder()
            .minLength(12)
            .requireDigits(true).requireLowercase(true).requireUppercase(true).requireSymbols(true)
            .tempPasswordValidity(Duration.days(3))
            .build())
        .mfa(Mfa.REQUIRED)
        .mfaSecondFactor(MfaSecondFactor.builder().otp(true).sms(false).build())
        .accountRecovery(AccountRecovery.EMAIL_ONLY)
        .featurePlan(FeaturePlan.ESSENTIALS)
        .deletionProtection(true)
        .removalPolicy(RemovalPolicy.RETAIN)
        .build();

    webClient = userPool.addClient("WebClient", software.amazon.awscdk.services.cognito.UserPoolClientOptions.builder()
        .authFlows(AuthFlow.builder().userSrp(true).build())
        // Hosted sign-in with the authorization-code grant only (the web app uses PKCE; the implicit grant
        // puts tokens in URLs), redirecting only to the configured URLs (CDK's defaults were both grants and
        // https://example.com).
        .oAuth(software.amazon.awscdk.services.cognito.OAuthSettings.builder()
            .flows(software.amazon.awscdk.services.cognito.OAuthFlows.builder()
                .authorizationCodeGrant(true).implicitCodeGrant(false).clientCredentials(false).build())
            .scopes(List.of(software.amazon.awscdk.services.cognito.OAuthScope.OPENID,
                software.amazon.awscdk.services.cognito.OAuthScope.EMAIL,
                software.amazon.awscdk.services.cognito.OAuthScope.PROFILE))
            .callbackUrls(config.callbackUrls())
            .logoutUrls(config.logoutUrls())
            .build())
        .generateSecret(false)
        .preventUserExistenceErrors(true)
        .idTokenValidity(Duration.hours(1))
        .accessTokenValidity(Duration.hours(1))
        .refreshTokenValidity(Duration.days(30))
        .readAttributes(new ClientAttributes()
            .withStandardAttributes(StandardAttributesMask.builder().email(true).emailVerified(true).build())
            .withCustomAttributes(TENANT_ATTRIBUTE))
        // The tenant is deliberately absent: users must not be able to change their own tenant.
        .writeAttributes(new ClientAttributes()
            .withStandardAttributes(StandardAttributesMask.builder().email(true).build()))
        .build());

    accessLogs = Functions.logGroup(this, "AccessLogs", config.logRetentionDays());

    restApi = RestApi.Builder.create(this, "RestApi")
        .description("Refinery API: sessions, versions, uploads and catalog items of the caller's tenant")
        .endpointTypes(List.of(EndpointType.REGIONAL))
        // API Gateway writes execution logs through one account-wide role; CDK creates it with AWS's
        // AmazonAPIGatewayPushToCloudWatchLogs policy.
        .cloudWatchRole(true)
        .cloudWatchRoleRemovalPolicy(RemovalPolicy.RETAIN)
        .deployOptions(StageOptions.builder()
            .stageName(STAGE_NAME)
            .accessLogDestination(new LogGroupLogDestination(accessLogs))
            .accessLogFormat(AccessLogFormat.jsonWithStandardFields(JsonWithStandardFieldProps.builder()
                .caller(true).httpMethod(true).ip(true).protocol(true).requestTime(true)
                .resourcePath(true).responseLength(true).status(true).user(true)
                .build()))
            .loggingLevel(MethodLoggingLevel.ERROR)
            // Request/response bodies stay out of the logs: they can carry seller prompts and keys.
            .dataTraceEnabled(false)
            .metricsEnabled(true)
            .tracingEnabled(true)
            .throttlingRateLimit(config.apiRateLimit())
            .throttlingBurstLimit(config.apiBurstLimit())
            .build())
        .build();

    CognitoUserPoolsAuthorizer authorizer = CognitoUserPoolsAuthorizer.Builder.create(this, "Authorizer")
        .cognitoUserPools(List.of(userPool))
        .identitySource("method.request.header.Authorization")
        .resultsCacheTtl(Duration.minutes(5))
        .build();

    // Parameters are validated here (the Authorization header must be present); bodies are validated by
    // the API handler per route, which owns the OpenAPI document — one proxy method cannot carry a
    // body model per route.
    RequestValidator validator = restApi.addRequestValidator("Validator", RequestValidatorOptions.builder()
        .validateRequestParameters(true)
        .validateRequestBody(true)
        .build());

    ProxyResource proxy = restApi.getRoot().addProxy(ProxyResourceOptions.builder().anyMethod(false).build());
    // Browsers send an unauthenticated OPTIONS preflight before every cross-origin call. (Added explicitly:
    // ProxyResource ignores defaultCorsPreflightOptions.)
    proxy.addCorsPreflight(CorsOptions.builder()
        .allowOrigins(config.corsOrigins())
        .allowMethods(List.of("GET", "POST", "PUT", "DELETE", "OPTIONS"))
        .allowHeaders(List.of("Authorization", "Content-Type", "Idempotency-Key"))
        .maxAge(Duration.hours(1))
        .build());
    proxy.addMethod("ANY", LambdaIntegration.Builder.create(apiAlias).proxy(true).allowTestInvoke(false).build(),
        MethodOptions.builder()
            .authorizationType(AuthorizationType.COGNITO)
            .authorizer(authorizer)
            .requestValidator(validator)
            .requestParameters(Map.of("method.request.header.Authorization", true))
            .build());

    // Stage throttling above applies to every caller; the usage plan adds a daily quota and is where
    // per-partner API keys attach if the API is ever opened to integrations.
    usagePlan = restApi.addUsagePlan("UsagePlan", UsagePlanProps.builder()
        .description("Refinery default plan")
        .throttle(ThrottleSettings.builder()
            .rateLimit(config.apiRateLimit())
            .burstLimit(config.apiBurstLimit())
            .build())
        .quota(QuotaSettings.builder().limit(config.apiDailyQuota()).period(Period.DAY).build())
        .apiStages(List.of(UsagePlanPerApiStage.builder().api(restApi).stage(restApi.getDeploymentStage()).build()))
        .build());
  }

  /**
   * For a test stack only (refinery:testHooks): an app client that signs in with ADMIN_USER_PASSWORD_AUTH, so
   * the end-to-end tests can sign a test user in with the admin API (the caller needs IAM rights on the pool)
   * instead of through the hosted UI. Sellers never get this client.
   */
  public UserPoolClient addEndToEndTestClient() {
    return userPool.addClient("EndToEndTestClient", software.amazon.awscdk.services.cognito.UserPoolClientOptions.builder()
        .authFlows(AuthFlow.builder().adminUserPassword(true).build())
        .generateSecret(false)
        .preventUserExistenceErrors(true)
        .idTokenValidity(Duration.hours(1))
        .accessTokenValidity(Duration.hours(1))
        .readAttributes(new ClientAttributes().withCustomAttributes(TENANT_ATTRIBUTE))
        .writeAttributes(new ClientAttributes().withStandardAttributes(StandardAttributesMask.builder().email(true).build()))
        .build());
  }

  public UserPool userPool() { return userPool; }

  public UserPoolClient webClient() { return webClient; }

  public RestApi restApi() { return restApi; }

  public LogGroup accessLogs() { return accessLogs; }

  public UsagePlan usagePlan() { return usagePlan; }
}
