package dev.refinery.infra.constructs;

import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.secretsmanager.CfnSecret;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.constructs.Construct;

/**
 * The OpenAI API key. Created without a value: the operator stores the key after the first deploy
 * (docs/deploy.md). Until then the engine fails loudly with "secret has no value" instead of sending a
 * generated placeholder to the model provider.
 */
public final class ModelSecret extends Construct {

  private final Secret secret;

  public ModelSecret(Construct scope, String id) {
    super(scope, id);
    secret = Secret.Builder.create(this, "OpenAiApiKey")
        .description("OpenAI API key used by Refinery's model-calling stages. Set the value with "
            + "'aws secretsmanager put-secret-value'; never commit it.")
        .removalPolicy(RemovalPolicy.RETAIN)
        .build();
    // CDK's Secret always asks CloudFormation to generate a random value when none is given; a secret
    // created with neither SecretString nor GenerateSecretString has no version, which is what we want.
    ((CfnSecret) secret.getNode().getDefaultChild()).addPropertyDeletionOverride("GenerateSecretString");
  }

  public Secret secret() { return secret; }
}
