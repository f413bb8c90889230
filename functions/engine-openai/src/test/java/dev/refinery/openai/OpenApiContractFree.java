package dev.refinery.openai;

import java.io.IOException;
import java.io.UncheckedIOException;

/** Reads request bodies without the OpenAPI excerpt (for tests that must run without ../shared). */
final class OpenApiContractFree {
    private OpenApiContractFree() {
    }

    static String prompt(byte[] jsonBody) {
        try {
            return FakeImagesApi.JSON.readTree(jsonBody).path("prompt").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
