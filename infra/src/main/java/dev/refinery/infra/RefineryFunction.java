package dev.refinery.infra;

import java.util.Arrays;
import java.util.List;

/**
 * The Lambda functions Refinery deploys: handler class (fixed by the cross-team contract), the
 * deployment package it lives in, and how it is sized.
 *
 * <p>Model-calling stages get 3 minutes: one image edit can take up to ~2 minutes, plus reading and
 * writing the images. Memory buys CPU on Lambda; the stages decode and re-encode full-size images.
 */
public enum RefineryFunction {
  UPLOAD_TRIGGER("UploadTrigger", "UploadTriggerHandler", Package.CONTROL, 1024, 30, false, null),
  BASE("Base", "BaseStageHandler", Package.STAGES, 2048, 180, true, "BaseFunctionArn"),
  LIGHTING("Lighting", "LightingStageHandler", Package.STAGES, 2048, 180, true, "LightingFunctionArn"),
  BACKGROUND("Background", "BackgroundStageHandler", Package.STAGES, 2048, 180, true, "BackgroundFunctionArn"),
  DETAIL("Detail", "DetailStageHandler", Package.STAGES, 2048, 180, true, "DetailFunctionArn"),
  FINALIZE("Finalize", "FinalizeStageHandler", Package.STAGES, 3008, 180, true, "FinalizeFunctionArn"),
  QUALITY_CHECK("QualityCheck", "QualityCheckStageHandler", Package.STAGES, 2048, 60, false, "QualityCheckFunctionArn"),
  PUBLISHER("Publisher", "PublisherHandler", Package.CONTROL, 1024, 30, false, "PublisherFunctionArn"),
  FAILURE_RECORDER("FailureRecorder", "FailureRecorderHandler", Package.CONTROL, 1024, 30, false, "FailureRecorderFunctionArn"),
  // API Gateway stops waiting after 29 s; a longer Lambda timeout would only burn money.
  API("Api", "ApiHandler", Package.CONTROL, 1024, 28, false, null),
  CATALOG_REFRESH("CatalogRefresh", "CatalogRefreshHandler", Package.CONTROL, 1024, 300, false, null);

  /** The two shaded jars built by functions/lambda-stages and functions/lambda-control. */
  public enum Package { STAGES, CONTROL }

  public static final String HANDLER_PACKAGE = "dev.refinery.aws.handlers";
  public static final String ALIAS_NAME = "live";

  private final String id;
  private final String handlerClass;
  private final Package pkg;
  private final int memoryMb;
  private final int timeoutSeconds;
  private final boolean callsModel;
  private final String aslSubstitution;

  RefineryFunction(String id, String simpleClass, Package pkg, int memoryMb, int timeoutSeconds,
      boolean callsModel, String aslSubstitution) {
    this.id = id;
    this.handlerClass = HANDLER_PACKAGE + "." + simpleClass;
    this.pkg = pkg;
    this.memoryMb = memoryMb;
    this.timeoutSeconds = timeoutSeconds;
    this.callsModel = callsModel;
    this.aslSubstitution = aslSubstitution;
  }

  /** Construct id, also used in alarm and output names. */
  public String id() { return id; }

  public String handlerClass() { return handlerClass; }

  /** The Lambda handler string: {@code Class::handleRequest}. */
  public String handler() { return handlerClass + "::handleRequest"; }

  public Package deploymentPackage() { return pkg; }

  public int memoryMb() { return memoryMb; }

  public int timeoutSeconds() { return timeoutSeconds; }

  /** Calls the image model: reads the OpenAI key and gets reserved concurrency for the model's rate limit. */
  public boolean callsModel() { return callsModel; }

  /** The ASL definition substitution naming this function's alias ARN, or null when the workflow does not call it. */
  public String aslSubstitution() { return aslSubstitution; }

  public boolean invokedByStateMachine() { return aslSubstitution != null; }

  public static List<RefineryFunction> stateMachineFunctions() {
    return Arrays.stream(values()).filter(RefineryFunction::invokedByStateMachine).toList();
  }
}
