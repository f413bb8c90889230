package dev.refinery.reliability.faults;

import dev.refinery.domain.Stage;
import dev.refinery.engine.EditRequest;
import dev.refinery.engine.EditResult;
import dev.refinery.engine.GenerateRequest;
import dev.refinery.engine.RefinementEngine;

/**
 * A RefinementEngine that fails at its boundary as its plan says, where a model's HTTP errors
 * surface. Operations: engine.edit.{stage id}, engine.generate; context: tenant/sku/stage.
 */
public final class FaultyEngine implements RefinementEngine {
    private final RefinementEngine delegate;
    private final FaultPlan<Fault> plan;

    public FaultyEngine(RefinementEngine delegate, FaultPlan<Fault> plan) {
        this.delegate = delegate;
        this.plan = plan;
    }

    @Override
    public String id() {
        return delegate.id();
    }

    @Override
    public EditResult edit(Stage stage, EditRequest request) {
        return Injector.call(plan, "engine.edit." + stage.id(),
                request.tenant() + "/" + request.facts().getOrDefault("sku", "-") + "/" + stage.id(),
                () -> delegate.edit(stage, request));
    }

    @Override
    public boolean generatesFromPrompt() {
        return delegate.generatesFromPrompt();
    }

    @Override
    public EditResult generate(GenerateRequest request) {
        return Injector.call(plan, "engine.generate", request.tenant() + "/" + request.prompt().hashCode(), () -> delegate.generate(request));
    }
}
