package dev.refinery.reliability.faults;

import java.util.Optional;
import java.util.function.Supplier;

/** The one place the decorators consult their plan: fail before, or run the real call and then fail. */
final class Injector {
    private Injector() {
    }

    static <T> T call(FaultPlan<Fault> plan, String op, String context, Supplier<T> real) {
        Optional<Fault> fault = plan.decide(op, context);
        if (fault.isPresent() && fault.get().timing() == Fault.Timing.BEFORE) {
            throw fault.get().raise(context);
        }
        T out = real.get();
        if (fault.isPresent()) {
            throw fault.get().raise(context);
        }
        return out;
    }

    static void run(FaultPlan<Fault> plan, String op, String context, Runnable real) {
        call(plan, op, context, () -> {
            real.run();
            return null;
        });
    }
}
