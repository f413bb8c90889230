package dev.refinery.cli.workflow;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import dev.refinery.workflow.FunctionList;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/** What the Lambda runtime hands a handler, for one in-process invocation: a request id, the function's name and its time budget. */
public final class LocalLambdaContext implements Context {
    private static final Logger LOG = LogManager.getLogger("lambda");
    private final String requestId = UUID.randomUUID().toString();
    private final String functionName;
    private final String functionArn;
    private final long deadlineMillis;
    private final int timeoutSeconds;

    /** The context of one invocation of a function of the list ({@link FunctionList}), e.g. {@code "Api"}: its timeout from the list. */
    public static LocalLambdaContext of(String listName) {
        FunctionList.Function f = FunctionList.named(listName);
        String name = "refinery-" + listName.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
        return new LocalLambdaContext(name, "arn:aws:lambda:us-east-1:000000000000:function:" + name, f.timeoutSeconds());
    }

    public LocalLambdaContext(String functionName, String functionArn, int timeoutSeconds) {
        this.functionName = functionName;
        this.functionArn = functionArn;
        this.timeoutSeconds = timeoutSeconds;
        this.deadlineMillis = System.currentTimeMillis() + timeoutSeconds * 1000L;
    }

    @Override
    public String getAwsRequestId() {
        return requestId;
    }

    @Override
    public String getLogGroupName() {
        return "/local/" + functionName;
    }

    @Override
    public String getLogStreamName() {
        return "local";
    }

    @Override
    public String getFunctionName() {
        return functionName;
    }

    @Override
    public String getFunctionVersion() {
        return "$LATEST";
    }

    @Override
    public String getInvokedFunctionArn() {
        return functionArn;
    }

    @Override
    public CognitoIdentity getIdentity() {
        return null;
    }

    @Override
    public ClientContext getClientContext() {
        return null;
    }

    @Override
    public int getRemainingTimeInMillis() {
        return (int) Math.max(0, deadlineMillis - System.currentTimeMillis());
    }

    @Override
    public int getMemoryLimitInMB() {
        return (int) Math.min(Integer.MAX_VALUE, Runtime.getRuntime().maxMemory() >> 20);
    }

    public int timeoutSeconds() {
        return timeoutSeconds;
    }

    @Override
    public LambdaLogger getLogger() {
        return new LambdaLogger() {
            @Override
            public void log(String message) {
                LOG.info("[{}] {}", functionName, message);
            }

            @Override
            public void log(byte[] message) {
                log(new String(message, StandardCharsets.UTF_8));
            }
        };
    }
}
