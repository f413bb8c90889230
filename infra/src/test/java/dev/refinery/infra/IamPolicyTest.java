package dev.refinery.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Walks every policy document in the template — IAM policies, inline role policies, bucket, queue, topic,
 * key and log-group resource policies (also the JSON-string ones), and Lambda permissions — and checks
 * the least-privilege rules (docs/deploy.md, "Least privilege").
 */
class IamPolicyTest {

  /** Actions that AWS only authorises on Resource "*" (no resource-level permissions). */
  static final Set<String> ACTIONS_THAT_REQUIRE_STAR = Set.of(
      "xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets",
      "logs:CreateLogDelivery", "logs:GetLogDelivery", "logs:UpdateLogDelivery", "logs:DeleteLogDelivery",
      "logs:ListLogDeliveries", "logs:PutResourcePolicy", "logs:DescribeResourcePolicies", "logs:DescribeLogGroups");

  record Found(String resourceId, String resourceType, JsonNode statement) {}

  static Tpl tpl;
  static List<Found> statements;

  @BeforeAll
  static void collect() throws Exception {
    tpl = new Tpl(TestStacks.defaultStack().template());
    statements = new ArrayList<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = tpl.resources().fields(); it.hasNext();) {
      Map.Entry<String, JsonNode> e = it.next();
      walk(e.getKey(), e.getValue().path("Type").asText(), e.getValue().path("Properties"));
    }
  }

  private static void walk(String id, String type, JsonNode node) throws Exception {
    if (node.isObject()) {
      if (node.has("Action") || node.has("NotAction")) {
        statements.add(new Found(id, type, node));
      }
      if (node.has("Fn::Join")) {
        String joined = literalJoin(node.get("Fn::Join"));
        if (joined.contains("\"Statement\"")) {
          walk(id, type, new ObjectMapper().readTree(joined));
          return; // its literal parts are fragments of the document just walked
        }
      }
      for (Iterator<JsonNode> it = node.elements(); it.hasNext();) {
        walk(id, type, it.next());
      }
    } else if (node.isArray()) {
      for (JsonNode child : node) {
        walk(id, type, child);
      }
    } else if (node.isTextual() && node.asText().contains("\"Statement\"")) {
      walk(id, type, new ObjectMapper().readTree(node.asText()));
    }
  }

  /** Joins an Fn::Join's literal parts, with a placeholder for intrinsic values (always inside quotes here). */
  private static String literalJoin(JsonNode join) {
    StringBuilder sb = new StringBuilder();
    for (JsonNode part : join.get(1)) {
      sb.append(part.isTextual() ? part.asText() : "TOKEN");
    }
    return sb.toString();
  }

  @Test
  void foundPoliciesOfEveryKind() {
    Set<String> types = new HashSet<>();
    statements.forEach(f -> types.add(f.resourceType()));
    assertThat(types).contains("AWS::IAM::Policy", "AWS::IAM::Role", "AWS::S3::BucketPolicy", "AWS::SQS::QueuePolicy",
        "AWS::SNS::TopicPolicy", "AWS::KMS::Key", "AWS::Logs::ResourcePolicy", "AWS::Lambda::Permission");
    assertThat(statements.size()).isGreaterThan(50);
  }

  @Test
  void noStarOrServiceWideActionsAreGranted() {
    List<String> offenders = new ArrayList<>();
    for (Found f : statements) {
      assertThat(f.statement().has("NotAction")).as("NotAction in " + f.resourceId()).isFalse();
      boolean deny = "Deny".equals(f.statement().path("Effect").asText());
      for (String action : Tpl.strings(f.statement().path("Action"))) {
        if (!(action.equals("*") || action.endsWith(":*"))) {
          continue;
        }
        // enforceSSL / minimum TLS: a Deny of every action of the service over insecure transport
        // takes permissions away, so it is the one place a service-wide action belongs.
        String condition = f.statement().path("Condition").toString();
        boolean tlsGuard = deny && (condition.contains("aws:SecureTransport") || condition.contains("s3:TlsVersion"));
        if (!tlsGuard) {
          offenders.add(f.resourceId() + ": " + f.statement().path("Effect").asText() + " " + action);
        }
      }
    }
    assertThat(offenders).isEmpty();
  }

  @Test
  void starResourcesOnlyWhereTheServiceRequiresThem() {
    List<String> offenders = new ArrayList<>();
    for (Found f : statements) {
      JsonNode st = f.statement();
      if (!"Allow".equals(st.path("Effect").asText()) || !Tpl.strings(st.path("Resource")).contains("*")) {
        continue;
      }
      if (f.resourceType().equals("AWS::KMS::Key")) {
        continue; // a key policy's "*" means the key it is attached to
      }
      for (String action : Tpl.strings(st.path("Action"))) {
        if (!ACTIONS_THAT_REQUIRE_STAR.contains(action)) {
          offenders.add(f.resourceId() + ": " + action);
        }
      }
    }
    assertThat(offenders).isEmpty();
  }

  @Test
  void keyPolicyDoesNotHandDecryptToTheAccount() {
    for (Found f : statements) {
      if (f.resourceType().equals("AWS::KMS::Key") && f.statement().path("Principal").has("AWS")) {
        assertThat(Tpl.strings(f.statement().path("Action"))).doesNotContain("kms:Decrypt", "kms:*");
      }
    }
  }

  /** A grant on the tenants' store logins: its resource is the store-login prefix (the OpenAI key's is the key's ARN). */
  private static boolean onStoreLogins(JsonNode st) {
    return st.path("Resource").toString().contains("/stores/*");
  }

  @Test
  void onlyModelStagesAndThePlannerMayReadTheOpenAiKey() {
    Map<String, String> fnIds = tpl.refineryFunctionIdsByHandler();
    Set<String> readers = new HashSet<>();
    fnIds.forEach((handler, fnId) -> {
      if (tpl.statementsOfRole(tpl.roleOf(fnId)).stream()
          .anyMatch(st -> Tpl.strings(st.path("Action")).contains("secretsmanager:GetSecretValue") && !onStoreLogins(st))) {
        readers.add(handler);
      }
    });
    assertThat(readers).isEqualTo(LambdaFunctionsTest.KEY_READERS);
    // and nobody else in the stack
    long grants = statements.stream()
        .filter(f -> Tpl.strings(f.statement().path("Action")).contains("secretsmanager:GetSecretValue") && !onStoreLogins(f.statement())).count();
    assertThat(grants).isEqualTo(LambdaFunctionsTest.KEY_READERS.size());
  }

  @Test
  void onlyTheApiKeepsStoreLoginsAndOnlyUnderItsPrefix() {
    Map<String, String> fnIds = tpl.refineryFunctionIdsByHandler();
    Set<String> keepers = new HashSet<>();
    fnIds.forEach((handler, fnId) -> {
      for (JsonNode st : tpl.statementsOfRole(tpl.roleOf(fnId))) {
        List<String> actions = Tpl.strings(st.path("Action"));
        if (actions.stream().anyMatch(a -> a.startsWith("secretsmanager:")) && onStoreLogins(st)) {
          keepers.add(handler);
          // the API keeps them; the publisher (a completed session's automatic push) only reads them
          assertThat(actions).containsExactlyInAnyOrderElementsOf(handler.contains("PublisherHandler")
              ? List.of("secretsmanager:GetSecretValue") : dev.refinery.infra.constructs.Functions.STORE_LOGIN_ACTIONS);
          assertThat(st.path("Resource").toString()).contains(":secret:refinery/").contains("/stores/*").doesNotContain("\"*\"");
        }
      }
    });
    assertThat(keepers).containsExactlyInAnyOrder("dev.refinery.aws.handlers.ApiHandler::handleRequest",
        "dev.refinery.aws.handlers.PublisherHandler::handleRequest");
    String api = fnIds.get("dev.refinery.aws.handlers.ApiHandler::handleRequest");
    assertThat(tpl.resource(api).path("Properties").path("Environment").path("Variables").path("REFINERY_STORE_SECRET_PREFIX").asText())
        .startsWith("refinery/").endsWith("/stores/");
  }

  @Test
  void onlyTheApiMayInvokeThePlannerAndOnlyItsLiveAlias() {
    Map<String, String> fnIds = tpl.refineryFunctionIdsByHandler();
    String plannerAlias = tpl.aliasOf(fnIds.get("dev.refinery.aws.handlers.FeedbackPlannerHandler::handleRequest"));
    Set<String> invokers = new HashSet<>();
    fnIds.forEach((handler, fnId) -> {
      for (JsonNode st : tpl.statementsOfRole(tpl.roleOf(fnId))) {
        if (Tpl.strings(st.path("Action")).contains("lambda:InvokeFunction")) {
          invokers.add(handler);
          assertThat(st.path("Resource").toString()).as(handler).contains(plannerAlias).doesNotContain("*");
        }
      }
    });
    assertThat(invokers).containsExactly("dev.refinery.aws.handlers.ApiHandler::handleRequest");
  }

  @Test
  void everyFunctionHasItsOwnRoleWithoutManagedPolicies() {
    Map<String, String> fnIds = tpl.refineryFunctionIdsByHandler();
    Set<String> roles = new HashSet<>();
    fnIds.values().forEach(fnId -> {
      String roleId = tpl.roleOf(fnId);
      roles.add(roleId);
      assertThat(tpl.resource(roleId).path("Properties").has("ManagedPolicyArns")).as(roleId).isFalse();
      // logs only to its own log group
      String logGroup = tpl.resource(fnId).path("Properties").path("LoggingConfig").path("LogGroup").path("Ref").asText();
      tpl.statementsOfRole(roleId).stream()
          .filter(st -> Tpl.strings(st.path("Action")).contains("logs:PutLogEvents"))
          .forEach(st -> assertThat(st.path("Resource").toString()).contains(logGroup));
    });
    assertThat(roles).hasSize(fnIds.size());
  }

  @Test
  void thePublisherTagsSessionImagesAndWritesOnlyExports() {
    // it marks the session, re-tags the kept lineage kind=kept and emits the event (issue 13: it once had a grant
    // for a copy step nobody wrote); since the brand kit's automatic export it also reads the finals and writes them
    // under exports/ (SessionExports), reading those files' tags to write nothing twice — nothing else
    String fnId = tpl.refineryFunctionIdsByHandler().entrySet().stream().filter(e -> e.getKey().contains("PublisherHandler"))
        .map(Map.Entry::getValue).findFirst().orElseThrow();
    List<JsonNode> s3 = tpl.statementsOfRole(tpl.roleOf(fnId)).stream()
        .filter(st -> Tpl.strings(st.path("Action")).stream().anyMatch(a -> a.startsWith("s3:"))).toList();
    Map<String, String> grants = new java.util.TreeMap<>();
    s3.forEach(st -> grants.put(String.join(",", Tpl.strings(st.path("Action"))),
        st.path("Resource").toString().replaceAll(".*/(sessions|exports)/\\*.*", "$1")));
    assertThat(grants).containsExactlyInAnyOrderEntriesOf(Map.of(
        "s3:PutObjectTagging", "sessions",
        "s3:GetObject,s3:GetObjectVersion", "sessions",
        "s3:PutObject,s3:PutObjectTagging", "exports",
        "s3:GetObjectTagging", "exports"));
  }

  @Test
  void everyFunctionGetsOnlyTheTableActionsItsCodeCalls() {
    // issue 13: grantReadWriteData gave all 11 roles DeleteItem, BatchWriteItem and Scan; nothing deletes or
    // batch-writes, and only the catalog refresh scans
    tpl.refineryFunctionIdsByHandler().forEach((handler, fnId) -> {
      Set<String> actions = new HashSet<>();
      tpl.statementsOfRole(tpl.roleOf(fnId)).forEach(st -> Tpl.strings(st.path("Action")).stream()
          .filter(a -> a.startsWith("dynamodb:")).forEach(actions::add));
      Set<String> expected = new HashSet<>(List.of("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:Query"));
      if (handler.contains("CatalogRefreshHandler")) {
        expected.add("dynamodb:Scan");
      }
      assertThat(actions).as(handler).isEqualTo(expected);
    });
  }

  @Test
  void noFunctionMayListTheBucketExceptTheApisExistenceCheck() {
    tpl.refineryFunctionIdsByHandler().forEach((handler, fnId) -> tpl.statementsOfRole(tpl.roleOf(fnId)).forEach(st -> {
      List<String> lists = Tpl.strings(st.path("Action")).stream().filter(a -> a.startsWith("s3:List") || a.startsWith("s3:GetBucket")).toList();
      if (handler.contains("ApiHandler")) {
        assertThat(lists).as(handler).isSubsetOf("s3:ListBucket");
      } else {
        assertThat(lists).as(handler).isEmpty();
      }
    }));
  }

  @Test
  void s3WritesStayInsideTheFunctionsPrefixes() {
    Map<String, String> fnIds = tpl.refineryFunctionIdsByHandler();
    Map<String, Set<String>> writablePrefixes = Map.of(
        "UploadTrigger", Set.of(), "QualityCheck", Set.of(), "FailureRecorder", Set.of(), "CatalogRefresh", Set.of(),
        "Api", Set.of("/uploads/*", "/previews/*", "/bundles/*", "/exports/*"), "Publisher", Set.of("/exports/*"), "FeedbackPlanner", Set.of());
    fnIds.forEach((handler, fnId) -> {
      Set<String> written = new HashSet<>();
      for (JsonNode st : tpl.statementsOfRole(tpl.roleOf(fnId))) {
        List<String> puts = Tpl.strings(st.path("Action")).stream().filter(a -> a.startsWith("s3:Put")).toList();
        if (!puts.isEmpty()) {
          String res = st.path("Resource").toString();
          assertThat(res).as(handler + " tags only under a prefix").containsPattern("/(uploads|sessions|exports|previews|bundles)/\\*");
          if (puts.stream().noneMatch(a -> a.equals("s3:PutObject") || a.equals("s3:PutObject*"))) {
            continue; // tags an object (kind=kept), writes no bytes
          }
          for (String prefix : List.of("/uploads/*", "/sessions/*", "/exports/*", "/previews/*", "/bundles/*")) {
            if (res.contains(prefix)) {
              written.add(prefix);
            }
          }
          assertThat(res).as(handler + " writes only under a prefix").containsPattern("/(uploads|sessions|exports|previews|bundles)/\\*");
        }
      }
      String simple = handler.substring(handler.lastIndexOf('.') + 1).replace("StageHandler::handleRequest", "")
          .replace("Handler::handleRequest", "");
      Set<String> expected = writablePrefixes.getOrDefault(simple, Set.of("/sessions/*"));
      assertThat(written).as(handler).isEqualTo(expected);
    });
  }
}
