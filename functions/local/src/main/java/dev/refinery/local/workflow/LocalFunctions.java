package dev.refinery.local.workflow;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.refinery.aws.Wiring;
import dev.refinery.workflow.RefineryStateMachine;
import dev.refinery.workflow.RefineryStateMachine.LambdaFunction;
import dev.refinery.workflow.runner.AslRunner;
import dev.refinery.workflow.runner.ExecutionListener;
import java.lang.reflect.InvocationTargetException;
import java.util.EnumMap;
import java.util.Map;

/**
 * The repo's state machine on the in-process ASL runner, each Lambda function of the definition
 * played by the very handler class the contract deploys for it ({@link LambdaFunction#handlerClass()}),
 * built with the local stack's wiring and called as the Java Lambda runtime would call it.
 */
public final class LocalFunctions {
    public static final String STATE_MACHINE_ARN = "arn:aws:states:us-east-1:000000000000:stateMachine:refinery-local";

    private LocalFunctions() {
    }

    /** One handler object per function of the definition, from its contract class and a {@code (Wiring)} constructor. */
    public static Map<LambdaFunction, RequestHandler<Map<String, Object>, Map<String, Object>>> handlers(Wiring wiring) {
        Map<LambdaFunction, RequestHandler<Map<String, Object>, Map<String, Object>>> out = new EnumMap<>(LambdaFunction.class);
        for (LambdaFunction f : RefineryStateMachine.functions()) {
            out.put(f, instantiate(f, wiring));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static RequestHandler<Map<String, Object>, Map<String, Object>> instantiate(LambdaFunction f, Wiring wiring) {
        try {
            Object h = Class.forName(f.handlerClass()).getConstructor(Wiring.class).newInstance(wiring);
            if (!(h instanceof RequestHandler<?, ?>)) {
                throw new IllegalStateException(f.handlerClass() + " is not a RequestHandler");
            }
            return (RequestHandler<Map<String, Object>, Map<String, Object>>) h;
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("could not build " + f.handlerClass() + ": " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(f.handlerClass() + " (function " + f.name() + " of the definition) has no public (Wiring) constructor", e);
        }
    }

    /** The runner for the definition with every function's local ARN mapped to its handler. */
    public static AslRunner runner(Wiring wiring, ExecutionListener listener) {
        AslRunner.Builder b = AslRunner.builder(RefineryStateMachine.localDefinition()).stateMachineArn(STATE_MACHINE_ARN);
        handlers(wiring).forEach((f, handler) -> b.mapHandler(f.localArn(), in -> handler.handleRequest(in, context(f))));
        if (listener != null) {
            b.listener(listener);
        }
        return b.build();
    }

    private static Context context(LambdaFunction f) {
        return new LocalLambdaContext("refinery-" + f.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'), f.localArn(),
                f == LambdaFunction.PUBLISHER || f == LambdaFunction.FAILURE_RECORDER ? 120 : 960);
    }
}
