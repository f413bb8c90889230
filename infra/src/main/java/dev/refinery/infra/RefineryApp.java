package dev.refinery.infra;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import io.github.cdklabs.cdknag.NagPackProps;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;

/**
 * Entry point for {@code cdk synth/deploy} (cdk.json runs it through Maven) and for {@code make synth},
 * which runs it directly with CDK_OUTDIR=infra/cdk.out. cdk-nag's AwsSolutions pack runs on every synth:
 * an unsuppressed finding is an error annotation, and the CLI refuses to deploy with errors.
 */
public final class RefineryApp {

  private RefineryApp() {}

  public static void main(String[] args) {
    App app = new App();
    RefineryConfig config = RefineryConfig.from(app);
    String stackName = String.valueOf(app.getNode().tryGetContext("refinery:stackName") == null
        ? System.getProperty("refinery.stackName", "Refinery")
        : app.getNode().tryGetContext("refinery:stackName"));
    build(app, stackName, config);
    app.synth();
  }

  /** Builds the stack and attaches the nag pack; shared with the tests so they check what ships. */
  public static RefineryStack build(App app, String stackName, RefineryConfig config) {
    StackProps.Builder props = StackProps.builder()
        .description("Refinery: staged product-photo refinement (bucket, table, Lambdas, workflow, API, alarms)");
    String account = System.getenv("CDK_DEFAULT_ACCOUNT");
    String region = System.getenv("CDK_DEFAULT_REGION");
    if (account != null && region != null) {
      props.env(Environment.builder().account(account).region(region).build());
    }
    RefineryStack stack = new RefineryStack(app, stackName, props.build(), config, AslDefinition.load(config.aslFile()));
    Aspects.of(app).add(new AwsSolutionsChecks(NagPackProps.builder().verbose(true).reports(true).build()));
    return stack;
  }
}
