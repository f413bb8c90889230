package dev.refinery.infra;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.assertions.Template;

/** The synthesized template as a Jackson tree, with lookups the tests share. */
final class Tpl {
  private static final ObjectMapper JSON = new ObjectMapper();

  final JsonNode root;

  Tpl(Template template) {
    this.root = JSON.valueToTree(template.toJSON());
  }

  JsonNode resources() {
    return root.get("Resources");
  }

  /** Logical id -> resource, for every resource of the type. */
  Map<String, JsonNode> ofType(String type) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = resources().fields(); it.hasNext();) {
      Map.Entry<String, JsonNode> e = it.next();
      if (type.equals(e.getValue().path("Type").asText())) {
        out.put(e.getKey(), e.getValue());
      }
    }
    return out;
  }

  JsonNode resource(String logicalId) {
    JsonNode r = resources().get(logicalId);
    if (r == null) {
      throw new AssertionError("No resource " + logicalId);
    }
    return r;
  }

  /** Refinery's own functions (CDK's bucket-notification handler is excluded), by handler string. */
  Map<String, String> refineryFunctionIdsByHandler() {
    Map<String, String> out = new LinkedHashMap<>();
    ofType("AWS::Lambda::Function").forEach((id, fn) -> {
      String handler = fn.path("Properties").path("Handler").asText();
      if (handler.startsWith(RefineryFunction.HANDLER_PACKAGE + ".")) {
        out.put(handler, id);
      }
    });
    return out;
  }

  /** The logical id of the alias whose FunctionName refers to the given function. */
  String aliasOf(String functionId) {
    List<String> found = new ArrayList<>();
    ofType("AWS::Lambda::Alias").forEach((id, alias) -> {
      if (functionId.equals(alias.path("Properties").path("FunctionName").path("Ref").asText())) {
        found.add(id);
      }
    });
    if (found.size() != 1) {
      throw new AssertionError("Expected one alias for " + functionId + ", found " + found);
    }
    return found.get(0);
  }

  /** The logical id of the IAM role a function runs with. */
  String roleOf(String functionId) {
    return resource(functionId).path("Properties").path("Role").path("Fn::GetAtt").get(0).asText();
  }

  /** All statements of the AWS::IAM::Policy resources attached to a role. */
  List<JsonNode> statementsOfRole(String roleId) {
    List<JsonNode> out = new ArrayList<>();
    ofType("AWS::IAM::Policy").values().forEach(p -> {
      for (JsonNode role : p.path("Properties").path("Roles")) {
        if (roleId.equals(role.path("Ref").asText())) {
          p.path("Properties").path("PolicyDocument").path("Statement").forEach(out::add);
        }
      }
    });
    return out;
  }

  static List<String> strings(JsonNode node) {
    List<String> out = new ArrayList<>();
    if (node == null || node.isMissingNode() || node.isNull()) {
      return out;
    }
    if (node.isArray()) {
      node.forEach(n -> out.add(n.isTextual() ? n.asText() : n.toString()));
    } else {
      out.add(node.isTextual() ? node.asText() : node.toString());
    }
    return out;
  }
}
