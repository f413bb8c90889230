package dev.refinery.openai;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.InetAddress;
import java.util.concurrent.CountDownLatch;
import okhttp3.mockwebserver.MockWebServer;

/**
 * The tests' fake Images API as a process, for {@code make refine ENGINE=openai} without a key:
 * {@code make openai-mock} starts it on 127.0.0.1 and prints the OPENAI_BASE_URL to use. It never
 * reaches OpenAI and costs nothing (the usage it reports is priced like the real thing).
 *
 * <p>Modes: {@code identity} (default) answers every edit with its input unchanged, the model that
 * ignores every instruction; {@code obedient} whitens the backdrop where a background mask allows
 * and paints a simple scene where a scene's mask allows, and makes an unmasked step brighter, darker, warmer, cooler or
 * sharper when its feedback line asks ({@link FakeImagesApi#followInstruction}); every mode answers the feedback
 * planner's chat completions ({@link FakePlanningModel}); {@code unfaithful} is the model that changes the
 * product: it smooths the print away in the middle of an unmasked edit's picture, where a seller's product
 * stands, and recolours a masked edit's product (the backdrop whitened), so no session may end COMPLETED.
 */
public final class FakeImagesApiServer {
    private FakeImagesApiServer() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        String mode = args.length > 0 ? args[0] : "identity";
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 0;
        FakeImagesApi api = new FakeImagesApi();
        switch (mode) {
            case "identity" -> api.behave(img -> img);
            case "obedient" -> api.behave((BufferedImage img, MultipartForm form) -> {
                if (form == null || form.named("mask").isEmpty()) {
                    return FakeImagesApi.followInstruction(img, form);
                }
                return form.field("prompt").contains("lifestyle setting") || form.field("prompt").contains("interior")
                        || form.field("prompt").contains("setting that suits it")
                        ? FakeImagesApi.sceneOutsideMask(img, form) : FakeImagesApi.whiteOutsideMask(img, form);
            });
            case "unfaithful" -> api.behave((BufferedImage img, MultipartForm form) -> form == null || form.named("mask").isEmpty()
                    ? FakeImagesApi.eraseCentre(img) : FakeImagesApi.recolour(FakeImagesApi.whiteOutsideMask(img, form)));
            default -> throw new IllegalArgumentException("mode must be identity, obedient or unfaithful, got " + mode);
        }
        MockWebServer server = new MockWebServer();
        server.setDispatcher(api);
        server.start(InetAddress.getByName("127.0.0.1"), port);
        System.out.println("Fake OpenAI Images API (" + mode + ") listening. Use:");
        System.out.println("  OPENAI_BASE_URL=http://127.0.0.1:" + server.getPort() + "/v1 OPENAI_API_KEY=sk-fake make refine ENGINE=openai PHOTOS=...");
        System.out.println("Stop it with Ctrl+C.");
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.shutdown();
            } catch (IOException ignored) {
                // shutting down anyway
            }
            stop.countDown();
        }));
        stop.await();
    }
}
