package dev.refinery.reliability.faults;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * An SDK HTTP client that fails single attempts as its plan says, below the whole SDK stack:
 * the client's marshalling, error unmarshalling, retry policy and exception types are exactly
 * the production ones, against a real server (moto_server) for every attempt that is not failed.
 *
 * <p>Operations: {@code s3.PutObject}, {@code s3.GetObject}, {@code s3.HeadObject},
 * {@code s3.ListObjectsV2}, {@code s3.<METHOD>} otherwise (context: the object key); for
 * JSON-protocol services the X-Amz-Target ({@code dynamodb.PutItem}, {@code sfn.StartExecution};
 * context: the first tenant-scoped key {@code T#...} in the body, else the target).
 */
public final class FaultyHttpClient implements SdkHttpClient {
    private static final Pattern TENANT_KEY = Pattern.compile("\"S\"\\s*:\\s*\"(T#[^\"]*)\"");

    private final SdkHttpClient delegate;
    private final FaultPlan<HttpFault> plan;
    private final String service;

    /**
     * @param service "s3" for S3 (operations from method and path, path-style requests), or the
     *                prefix for a JSON-protocol service ("dynamodb", "sfn")
     */
    public FaultyHttpClient(SdkHttpClient delegate, FaultPlan<HttpFault> plan, String service) {
        this.delegate = delegate;
        this.plan = plan;
        this.service = service;
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        String[] opAndContext = describe(request);
        Optional<HttpFault> fault = plan.decide(opAndContext[0], opAndContext[1]);
        if (fault.isEmpty()) {
            return delegate.prepareRequest(request);
        }
        HttpFault f = fault.get();
        return switch (f.reset()) {
            case BEFORE -> new Failed(() -> {
                throw new IOException("Connection reset (injected " + f.name() + ")");
            });
            case AFTER -> {
                ExecutableHttpRequest real = delegate.prepareRequest(request);
                yield new Failed(() -> {
                    HttpExecuteResponse r = real.call();
                    r.responseBody().ifPresent(AbortableInputStream::abort);
                    throw new IOException("Connection reset after the server answered " + r.httpResponse().statusCode()
                            + " (injected " + f.name() + ")");
                });
            }
            case NONE -> new Failed(() -> answer(request.httpRequest(), f));
        };
    }

    private static HttpExecuteResponse answer(SdkHttpRequest req, HttpFault f) {
        SdkHttpResponse.Builder res = SdkHttpResponse.builder().statusCode(f.status())
                .putHeader("x-amzn-RequestId", "INJECTED").putHeader("x-amz-request-id", "INJECTED");
        f.headers().forEach(res::putHeader);
        byte[] body = "HEAD".equals(req.method().name()) ? new byte[0] : f.body().getBytes(StandardCharsets.UTF_8);
        res.putHeader("Content-Length", String.valueOf(body.length));
        return HttpExecuteResponse.builder().response(res.build())
                .responseBody(AbortableInputStream.create(new ByteArrayInputStream(body))).build();
    }

    /** {operation, context} of a request. */
    String[] describe(HttpExecuteRequest request) {
        SdkHttpRequest r = request.httpRequest();
        Optional<String> target = r.firstMatchingHeader("X-Amz-Target");
        if (target.isPresent()) {
            String t = target.get();
            String op = service + "." + t.substring(t.indexOf('.') + 1);
            return new String[] {op, tenantKey(request.contentStreamProvider()).orElse(op)};
        }
        // S3, path style: /{bucket}/{key}
        String path = r.encodedPath();
        String rest = path.startsWith("/") ? path.substring(1) : path;
        int slash = rest.indexOf('/');
        String key = slash < 0 ? "" : URLDecoder.decode(rest.substring(slash + 1).replace("+", "%2B"), StandardCharsets.UTF_8);
        String method = r.method().name();
        String op;
        if (!key.isEmpty()) {
            op = switch (method) {
                case "PUT" -> "PutObject";
                case "GET" -> "GetObject";
                case "HEAD" -> "HeadObject";
                case "DELETE" -> "DeleteObject";
                default -> method;
            };
        } else {
            op = "GET".equals(method) && r.rawQueryParameters().containsKey("list-type") ? "ListObjectsV2" : method;
        }
        return new String[] {service + "." + op, key.isEmpty() ? op : key};
    }

    private static Optional<String> tenantKey(Optional<ContentStreamProvider> body) {
        if (body.isEmpty()) {
            return Optional.empty();
        }
        try (InputStream in = body.get().newStream()) {
            String text = new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
            Matcher m = TENANT_KEY.matcher(text);
            return m.find() ? Optional.of(m.group(1)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Override
    public String clientName() {
        return "faulty-" + delegate.clientName();
    }

    @Override
    public void close() {
        delegate.close();
    }

    /** An attempt that fails when the SDK executes it. */
    private static final class Failed implements ExecutableHttpRequest {
        interface Call {
            HttpExecuteResponse call() throws IOException;
        }

        private final Call call;

        Failed(Call call) {
            this.call = call;
        }

        @Override
        public HttpExecuteResponse call() throws IOException {
            return call.call();
        }

        @Override
        public void abort() {
            // nothing is in flight before call()
        }
    }
}
