package dev.refinery.workflow;

import dev.refinery.workflow.runner.AslDefinition;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The refinement workflow's definition ({@value #RESOURCE} on the classpath, the file
 * {@code functions/workflow/src/main/resources/statemachine/refinery.asl.json}) and the facts
 * other modules need about it: its function placeholders and the bounds it enforces.
 *
 * <p>Every Task uses the optimised Lambda integration {@code arn:aws:states:::lambda:invoke} with
 * {@code Parameters.FunctionName = ${XFunctionArn}} and the stage payload under {@code Payload}.
 * Stage results are not kept in the state (ResultPath null): the state holds keys and ids only.
 * The quality check's report is kept whole under {@code $.quality.report}.
 */
public final class RefineryStateMachine {
    public static final String RESOURCE = "statemachine/refinery.asl.json";

    /** Fix-up rounds after the first pass before NEEDS_REVIEW (the Choice constant in CheckVerdict; REFINERY_MAX_FIXUPS' default). */
    public static final int MAX_FIXUPS = 2;
    /** RetryLaterException waits honoured per execution; the next one is recorded as the failure. */
    public static final int MAX_RETRY_LATER_WAITS = 5;
    /** A longer Retry-After is cut to this many seconds (and a shorter one than 1 raised to 1). */
    public static final int MAX_RETRY_LATER_SECONDS = 900;
    /**
     * Waits per execution for a stage still throttled after its ten retries (about 9 minutes of them in expectation).
     * A model edit holds one of a stage's 5 reserved slots 30-120 s, so 50 uploads at once queue about 10 minutes at
     * the first stage (50 x 60 s / 5), more than the retries alone; each wait of 60..300 s is followed by ten more
     * retries, about 70 minutes in all before the throttling is recorded as the failure.
     */
    public static final int MAX_THROTTLED_WAITS = 5;
    /** A throttled wait's bounds in seconds (States.MathRandom in ThrottledDelay: the waiting sessions spread out). */
    public static final int MIN_THROTTLED_WAIT_SECONDS = 60, MAX_THROTTLED_WAIT_SECONDS = 300;

    /**
     * The Lambda functions the definition calls, by definition substitution; handler class, timeout
     * and memory come from the one list of functions ({@link FunctionList}, {@value FunctionList#RESOURCE}).
     */
    public enum LambdaFunction {
        BASE("Base", "base"),
        LIGHTING("Lighting", "lighting"),
        BACKGROUND("Background", "background"),
        DETAIL("Detail", "detail"),
        FINALIZE("Finalize", "finalize"),
        QUALITY_CHECK("QualityCheck", "quality-check"),
        PUBLISHER("Publisher", "publisher"),
        FAILURE_RECORDER("FailureRecorder", "failure-recorder");

        private final String listName;
        private final String shortName;

        LambdaFunction(String listName, String shortName) {
            this.listName = listName;
            this.shortName = shortName;
        }

        /** This function's entry in the list of functions. */
        public FunctionList.Function spec() {
            return FunctionList.named(listName);
        }

        /** The substitution key: the definition holds {@code ${placeholder}}. */
        public String placeholder() {
            return spec().aslSubstitution();
        }

        /** The handler class infra deploys for it. */
        public String handlerClass() {
            return spec().handler();
        }

        /** The Lambda timeout: the local runner fails an invocation that runs longer, as Lambda does. */
        public int timeoutSeconds() {
            return spec().timeoutSeconds();
        }

        /** The function's name for local runs: {@code refinery-<name>}. */
        public String localName() {
            return "refinery-" + shortName;
        }

        /** An ARN for local runs: {@code arn:aws:lambda:us-east-1:000000000000:function:refinery-<name>}. */
        public String localArn() {
            return "arn:aws:lambda:us-east-1:000000000000:function:" + localName();
        }
    }

    private RefineryStateMachine() {
    }

    /** The definition text with its ${XFunctionArn} placeholders, as CDK's DefinitionBody.fromString takes it. */
    public static String definitionText() {
        return AslDefinition.resourceText(RESOURCE);
    }

    /** The definition with each function's placeholder replaced by the ARN given for it. */
    public static AslDefinition definition(Function<LambdaFunction, String> arnOf) {
        return AslDefinition.parse(definitionText(), substitutions(arnOf));
    }

    /** The definition with the {@link LambdaFunction#localArn()} ARNs: what the local runner and stack use. */
    public static AslDefinition localDefinition() {
        return definition(LambdaFunction::localArn);
    }

    /** Placeholder to ARN, e.g. for CDK definitionSubstitutions. */
    public static Map<String, String> substitutions(Function<LambdaFunction, String> arnOf) {
        Map<String, String> map = new LinkedHashMap<>();
        for (LambdaFunction f : LambdaFunction.values()) {
            map.put(f.placeholder(), arnOf.apply(f));
        }
        return map;
    }

    public static List<LambdaFunction> functions() {
        return Arrays.asList(LambdaFunction.values());
    }
}
