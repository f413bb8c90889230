package dev.refinery.feedback;

/** Turns a seller's feedback (free text, several requests at once) into a {@link FeedbackPlan} for one engine and preset set. */
public interface FeedbackPlanner {
    FeedbackPlan plan(String feedback, PlanContext context);
}
