import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Measures one Lambda handler's cold start the way Lambda runs it: a fresh JVM started with the AWS Lambda
 * Runtime Interface Client (the same client the managed java21 runtime uses), talking to a Runtime API
 * served here on 127.0.0.1. Prints one tab-separated line:
 *
 *   handler  init_ms  first_event_ms  outcome  detail
 *
 * init_ms: process start -> the runtime's first "next invocation" request (handler class loaded and
 * constructed). first_event_ms: process start -> the response (or error) for the first event.
 * The response body is written to --out. The JVM is killed after the first event.
 *
 * Usage: java ColdStart.java --java JAVA --cp CLASSPATH --handler Class::handleRequest --event FILE
 *        --out FILE [--jvm-opt OPT]...   (the handler JVM inherits this process's environment)
 */
public class ColdStart {
  public static void main(String[] args) throws Exception {
    String javaCmd = "java", cp = null, handler = null;
    Path event = null, out = null;
    List<String> jvmOpts = new ArrayList<>();
    for (int i = 0; i < args.length; i += 2) {
      switch (args[i]) {
        case "--java" -> javaCmd = args[i + 1];
        case "--cp" -> cp = args[i + 1];
        case "--handler" -> handler = args[i + 1];
        case "--event" -> event = Path.of(args[i + 1]);
        case "--out" -> out = Path.of(args[i + 1]);
        case "--jvm-opt" -> jvmOpts.add(args[i + 1]);
        default -> throw new IllegalArgumentException("unknown option " + args[i]);
      }
    }
    byte[] body = Files.readAllBytes(event);
    String requestId = UUID.randomUUID().toString();
    CompletableFuture<Long> nextAt = new CompletableFuture<>();
    CompletableFuture<String[]> done = new CompletableFuture<>();
    long[] startedAt = new long[1];

    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/2018-06-01/runtime/", exchange -> {
      String path = exchange.getRequestURI().getPath();
      long now = System.nanoTime();
      if (path.endsWith("/invocation/next")) {
        if (!nextAt.isDone()) {
          nextAt.complete(now);
          exchange.getResponseHeaders().add("Lambda-Runtime-Aws-Request-Id", requestId);
          exchange.getResponseHeaders().add("Lambda-Runtime-Deadline-Ms", Long.toString(System.currentTimeMillis() + 900_000));
          exchange.getResponseHeaders().add("Lambda-Runtime-Invoked-Function-Arn",
              "arn:aws:lambda:us-east-1:123456789012:function:bench:live");
          exchange.getResponseHeaders().add("Lambda-Runtime-Trace-Id", "Root=1-00000000-000000000000000000000000;Sampled=0");
          exchange.getResponseHeaders().add("Content-Type", "application/json");
          reply(exchange, 200, body);
        } else {
          // The second "next": the first event is done; hold the request until the JVM is killed.
          try {
            Thread.sleep(60_000);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
      } else if (path.endsWith("/response")) {
        String resp = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        reply(exchange, 202, new byte[0]);
        done.complete(new String[] {Long.toString(now), "ok", resp});
      } else if (path.endsWith("/error")) {
        String resp = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        reply(exchange, 202, new byte[0]);
        done.complete(new String[] {Long.toString(now), path.contains("/init/") ? "init-error" : "error", resp});
      } else {
        reply(exchange, 404, new byte[0]);
      }
    });
    server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r);
      t.setDaemon(true);
      return t;
    }));
    server.start();

    List<String> cmd = new ArrayList<>();
    cmd.add(javaCmd);
    cmd.addAll(jvmOpts);
    cmd.addAll(List.of("-cp", cp, "com.amazonaws.services.lambda.runtime.api.client.AWSLambda", handler));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.to(out.resolveSibling(out.getFileName() + ".log").toFile()));
    Map<String, String> env = pb.environment();
    env.put("AWS_LAMBDA_RUNTIME_API", "127.0.0.1:" + server.getAddress().getPort());
    env.put("_HANDLER", handler);
    env.putIfAbsent("AWS_LAMBDA_FUNCTION_NAME", "bench");
    env.putIfAbsent("AWS_LAMBDA_FUNCTION_VERSION", "1");
    env.putIfAbsent("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "2048");
    env.putIfAbsent("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/bench");
    env.putIfAbsent("AWS_LAMBDA_LOG_STREAM_NAME", "bench");

    startedAt[0] = System.nanoTime();
    Process process = pb.start();
    String logName = out.getFileName() + ".log";
    // A JVM that dies before answering (bad classpath, crash) ends the measurement instead of hanging it.
    process.onExit().thenRun(() -> done.complete(new String[] {Long.toString(System.nanoTime()), "process-exit",
        "exit code " + process.exitValue() + "; see " + logName}));
    String[] result;
    try {
      result = done.get(600, TimeUnit.SECONDS);
    } catch (java.util.concurrent.TimeoutException e) {
      result = new String[] {Long.toString(System.nanoTime()), "timeout", ""};
    } finally {
      process.destroyForcibly();
      process.waitFor(30, TimeUnit.SECONDS);
      server.stop(0);
    }
    long initMs = nextAt.isDone() ? TimeUnit.NANOSECONDS.toMillis(nextAt.get() - startedAt[0]) : -1;
    long firstMs = TimeUnit.NANOSECONDS.toMillis(Long.parseLong(result[0]) - startedAt[0]);
    Files.writeString(out, result[2]);
    String detail = result[1].equals("ok") ? "" : result[2].replaceAll("\\s+", " ");
    if (detail.length() > 160) {
      detail = detail.substring(0, 160) + "...";
    }
    System.out.println(handler + "\t" + initMs + "\t" + firstMs + "\t" + result[1] + "\t" + detail);
    System.exit(0);
  }

  private static void reply(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream os = exchange.getResponseBody()) {
        os.write(body);
      }
    }
    exchange.close();
  }
}
