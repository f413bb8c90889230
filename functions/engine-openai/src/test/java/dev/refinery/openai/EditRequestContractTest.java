package dev.refinery.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.refinery.domain.Stage;
import dev.refinery.engine.EditRequest;
import dev.refinery.engine.EditResult;
import dev.refinery.engine.GenerateRequest;
import dev.refinery.testkit.RealWorldMaterial;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every request the engine sends is valid against the Images API's own OpenAPI description (the
 * excerpt in ../shared/realworld): multipart fields turned into JSON and validated with a JSON
 * Schema validator, field names declared by the schema, image parts with a filename and an image
 * content type, the mask at the first image's size, and sizes the model supports.
 */
class EditRequestContractTest {
    private static OpenApiContract contract;

    @BeforeAll
    static void loadContract() {
        Optional<OpenApiContract> c = OpenApiContract.load();
        assumeTrue(c.isPresent(), "skipped: the OpenAPI excerpt " + OpenApiContract.EXCERPT + " is not under "
                + RealWorldMaterial.folderOrWorkplace() + " (set -Drefinery.realworld=<folder> to run these contract tests)");
        contract = c.get();
    }

    @ParameterizedTest(name = "{0} with {1}")
    @CsvSource({
            "lighting,gpt-image-2", "background,gpt-image-2", "detail,gpt-image-2", "finalize,gpt-image-2",
            "lighting,gpt-image-1.5", "background,gpt-image-1.5", "finalize,gpt-image-1.5",
            "background,gpt-image-1-mini", "detail,gpt-image-1"})
    void editRequestsAreValidAgainstTheOpenApiExcerpt(String stageId, String model) throws IOException {
        String fidelity = ModelProfile.of(model).acceptsInputFidelity() ? "high" : null;
        try (MockApi mock = new MockApi(c -> c.withModel(model, fidelity), new InMemorySpendLedger(Double.POSITIVE_INFINITY, Map.of()))) {
            Stage stage = Stage.fromId(stageId);
            TestPhotos.Photo photo = TestPhotos.bottle(900, 700);
            BufferedImage current = stage == Stage.DETAIL || stage == Stage.FINALIZE
                    ? ImageOps.withAlpha(photo.image(), photo.mask()) : photo.image();
            // the background step's masked edit; its AI cut-out (which lifestyle asks for) is checked below
            Map<String, String> hints = stage == Stage.FINALIZE ? Map.of("scene", "lifestyle")
                    : stage == Stage.BACKGROUND ? Map.of(AiCutout.HINT, "classic") : Map.of();
            EditResult r = mock.engine.edit(stage, new EditRequest(current, photo.image(), List.of("amazon-main", "lifestyle"),
                    "a touch brighter", hints, List.of("lighting: even light"), Map.of("category", "cosmetics", "material", "glass"), "tenant-a"));
            assertThat(r.passed()).as("identity answer passes: %s", r.problems()).isTrue();

            assertThat(mock.api.received).hasSize(1);
            FakeImagesApi.Received req = mock.api.received.get(0);
            assertThat(req.path()).isEqualTo("/v1/images/edits");
            MultipartForm form = req.form();

            ObjectNode json = contract.toJson("CreateImageEditRequest", form);
            assertThat(contract.validate("CreateImageEditRequest", json)).as("schema errors for %s", json).isEmpty();
            assertThat(json.propertyNames()).allSatisfy(name ->
                    assertThat(contract.properties("CreateImageEditRequest")).as("declared fields").contains(name));

            // image parts: two files (current version, then the original), each with a filename and an image type
            List<MultipartForm.Part> images = form.named("image[]");
            assertThat(images).hasSize(2).allSatisfy(p -> {
                assertThat(p.filename()).isNotBlank().endsWith(".png");
                assertThat(p.contentType()).isEqualTo("image/png");
                assertThat(decode(p.bytes())).isNotNull();
            });
            BufferedImage first = decode(images.get(0).bytes());
            String[] size = form.field("size").split("x");
            assertThat(first.getWidth()).isEqualTo(Integer.parseInt(size[0]));
            assertThat(first.getHeight()).isEqualTo(Integer.parseInt(size[1]));

            boolean lock = stage == Stage.BACKGROUND || stage == Stage.FINALIZE;
            if (lock) {
                List<MultipartForm.Part> mask = form.named("mask");
                assertThat(mask).hasSize(1);
                assertThat(mask.get(0).filename()).endsWith(".png");
                assertThat(mask.get(0).contentType()).isEqualTo("image/png");
                BufferedImage m = decode(mask.get(0).bytes());
                assertThat(m.getWidth()).as("mask width = first image's").isEqualTo(first.getWidth());
                assertThat(m.getHeight()).as("mask height = first image's").isEqualTo(first.getHeight());
                assertThat(m.getColorModel().hasAlpha()).isTrue();
            } else {
                assertThat(form.named("mask")).isEmpty();
            }

            ModelProfile profile = ModelProfile.of(model);
            if (profile.flexibleSizes()) {
                int w = Integer.parseInt(size[0]), h = Integer.parseInt(size[1]);
                assertThat(w % 16).isZero();
                assertThat(h % 16).isZero();
                assertThat((long) w * h).isBetween(SizeLimits.MIN_PIXELS, 2560L * 1440);
                assertThat(form.named("input_fidelity")).as("never sent to " + model).isEmpty();
            } else {
                assertThat(form.field("size")).isIn("1024x1024", "1536x1024", "1024x1536");
            }
            if (profile.acceptsInputFidelity()) {
                assertThat(form.field("input_fidelity")).isEqualTo("high");
            } else {
                assertThat(form.named("input_fidelity")).isEmpty();
            }
            assertThat(form.field("model")).isEqualTo(model);
            assertThat(form.field("prompt")).contains(stage == Stage.FINALIZE ? "Lifestyle scene" : "Amazon main image");
        }
    }

    @ParameterizedTest(name = "AI cut-out with {0}")
    @CsvSource({"gpt-image-2", "gpt-image-1.5", "gpt-image-1-mini"})
    void aiCutOutRequestsAreValidAgainstTheOpenApiExcerpt(String model) {
        String fidelity = ModelProfile.of(model).acceptsInputFidelity() ? "high" : null;
        try (MockApi mock = new MockApi(c -> c.withModel(model, fidelity), new InMemorySpendLedger(Double.POSITIVE_INFINITY, Map.of()))) {
            mock.api.behave(AiCutoutTest::keyedOut);
            TestPhotos.Photo photo = TestPhotos.bottle(900, 700);
            EditResult r = mock.engine.edit(Stage.BACKGROUND, new EditRequest(photo.image(), photo.image(), List.of("amazon-main", "lifestyle"),
                    null, Map.of(), List.of(), Map.of("category", "cosmetics"), "tenant-a"));
            assertThat(r.params()).containsEntry("cutout", "ai+classic");
            MultipartForm form = mock.api.received.get(0).form();
            ObjectNode json = contract.toJson("CreateImageEditRequest", form);
            assertThat(contract.validate("CreateImageEditRequest", json)).as("schema errors for %s", json).isEmpty();
            assertThat(json.propertyNames()).allSatisfy(name ->
                    assertThat(contract.properties("CreateImageEditRequest")).as("declared fields").contains(name));
            assertThat(form.named("image[]")).singleElement().satisfies(p -> assertThat(p.contentType()).isEqualTo("image/png"));
            assertThat(form.named("mask")).isEmpty();
            assertThat(form.field("background")).isEqualTo("transparent");
            assertThat(form.field("output_format")).isEqualTo("png");
            assertThat(form.field("model")).isEqualTo(model);
        }
    }

    @ParameterizedTest(name = "generate with {0}")
    @CsvSource({"gpt-image-2", "gpt-image-1.5"})
    void generateRequestIsValidAgainstTheOpenApiExcerpt(String model) {
        String fidelity = ModelProfile.of(model).acceptsInputFidelity() ? "high" : null;
        try (MockApi mock = new MockApi(c -> c.withModel(model, fidelity), new InMemorySpendLedger(Double.POSITIVE_INFINITY, Map.of()))) {
            EditResult r = mock.engine.generate(new GenerateRequest("a red and blue ceramic vase", List.of("amazon-main"),
                    Map.of("category", "generic"), "tenant-a"));
            assertThat(r.image()).isNotNull();
            FakeImagesApi.Received req = mock.api.received.get(0);
            assertThat(req.path()).isEqualTo("/v1/images/generations");
            assertThat(req.contentType()).startsWith("application/json");
            JsonNode json = OpenApiContract.json(req.body());
            assertThat(contract.validate("CreateImageRequest", json)).as("schema errors for %s", json).isEmpty();
            assertThat(json.propertyNames()).allSatisfy(name ->
                    assertThat(contract.properties("CreateImageRequest")).contains(name));
            assertThat(json.path("input_fidelity").isMissingNode()).isTrue();
        }
    }

    private static BufferedImage decode(byte[] bytes) {
        try {
            return ImageIO.read(new ByteArrayInputStream(bytes));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
