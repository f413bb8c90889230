package dev.refinery.lambda.stages;

import com.sun.net.httpserver.HttpServer;
import dev.refinery.domain.Stage;
import dev.refinery.engine.EditRequest;
import dev.refinery.engine.EditResult;
import dev.refinery.engine.EngineAssembly;
import dev.refinery.engine.EngineContext;
import dev.refinery.engine.GenerateRequest;
import dev.refinery.engine.ImageCodec;
import dev.refinery.engine.RefinementEngine;
import dev.refinery.ports.memory.InMemorySpendTotals;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Run by the build against the shaded package (see the pom): the package leaves out the OpenAI
 * models of APIs the stages never call, so this proves, in the package as deployed, that an image
 * edit and an image generation still load every class they need and parse real-shaped answers.
 * A throwaway HTTP server on 127.0.0.1 stands in for the Images API.
 */
public final class PackagingProbe {
    private PackagingProbe() {
    }

    public static void main(String[] args) throws Exception {
        BufferedImage photo = new BufferedImage(256, 192, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = photo.createGraphics();
        g.setColor(new Color(236, 236, 232));
        g.fillRect(0, 0, 256, 192);
        g.setColor(new Color(170, 40, 40));
        g.fillRoundRect(90, 40, 76, 112, 20, 20);
        g.dispose();
        String b64 = Base64.getEncoder().encodeToString(ImageCodec.png(photo));
        String answer = "{\"created\":1,\"data\":[{\"b64_json\":\"" + b64 + "\"}],"
                + "\"usage\":{\"input_tokens\":300,\"output_tokens\":1000,\"total_tokens\":1300,"
                + "\"input_tokens_details\":{\"text_tokens\":100,\"image_tokens\":200}}}";
        AtomicInteger calls = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            calls.incrementAndGet();
            byte[] body = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/v1";
            // the assembly the stage functions use (Engines.forStages: ServiceLoader finds the engines in the package),
            // with spending totals as the table keeps them and the key read on the first call
            InMemorySpendTotals spend = new InMemorySpendTotals();
            EngineAssembly engines = EngineAssembly.load(List.of("classic", "openai"),
                    new EngineContext(Map.of("OPENAI_BASE_URL", url), () -> "sk-packaging-probe", spend, null));
            RefinementEngine engine = engines.engines().get(1);
            if (!"classic".equals(engines.engines().get(0).id()) || engines.ingestor() == null) {
                throw new IllegalStateException("the classic engine's provider is missing from the package");
            }
            EditResult edit = engine.edit(Stage.LIGHTING, new EditRequest(photo, photo, List.of("amazon-main"), null,
                    Map.of(), List.of(), Map.of("category", "generic"), "probe"));
            EditResult generated = engine.generate(new GenerateRequest("a red ceramic mug on white", List.of("amazon-main"),
                    Map.of("category", "generic"), "probe"));
            if (edit.image() == null || generated.image() == null || calls.get() < 2 || !(spend.spent("probe") > 0)) {
                throw new IllegalStateException("the Images API path did not complete (" + calls.get() + " calls)");
            }
            System.out.println("[packaging-probe] images.edit and images.generate work in the shaded package ("
                    + calls.get() + " calls, edit " + edit.image().getWidth() + "x" + edit.image().getHeight() + ")");
            // the classic cut-out runs the salient-object model through ONNX Runtime: its weights and this machine's
            // native library must both be in the package (the deployed functions run on arm64, whose library is kept too)
            EditResult cutOut = engines.engines().get(0).edit(Stage.BACKGROUND, new EditRequest(photo, photo, List.of("amazon-main"), null,
                    Map.of(), List.of(), Map.of("category", "generic"), "probe"));
            if (cutOut.image() == null || !cutOut.image().getColorModel().hasAlpha()
                    || PackagingProbe.class.getResource("/ai/onnxruntime/native/linux-aarch64/libonnxruntime.so") == null) {
                throw new IllegalStateException("the classic cut-out or Lambda's arm64 ONNX Runtime library is missing from the package");
            }
            System.out.println("[packaging-probe] the classic cut-out runs its salient-object model in the shaded package");
        } finally {
            server.stop(0);
        }
    }
}
