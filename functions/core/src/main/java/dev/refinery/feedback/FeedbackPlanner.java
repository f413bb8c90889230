package dev.refinery.feedback;

import java.util.List;

/** Turns a seller's feedback (free text, several requests at once) into a {@link FeedbackPlan} for one engine and preset set. */
public interface FeedbackPlanner {
    FeedbackPlan plan(String feedback, PlanContext context);

    /**
     * What can be asked on these presets, in words a seller can type (the session view lists it; a client offers
     * it). Must not cost anything: a planner that calls a model answers without calling it.
     */
    default List<String> capabilities(PlanContext context) {
        return plan("", context).capabilities();
    }
}
