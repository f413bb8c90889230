package dev.refinery.openai;

/**
 * Tokens one call used, as the response reported them. Image output tokens are what the model
 * drew; text output tokens appear only on models that report them separately.
 */
public record TokenUsage(long textInput, long imageInput, long imageOutput, long textOutput) {
    public static final TokenUsage NONE = new TokenUsage(0, 0, 0, 0);

    public double costUsd(PriceTable.Prices p) {
        return (textInput * p.textInput() + imageInput * p.imageInput()
                + imageOutput * p.imageOutput() + textOutput * p.textOutput()) / 1_000_000.0;
    }

    public long total() {
        return textInput + imageInput + imageOutput + textOutput;
    }
}
