package dev.refinery.aws.runtime;

import java.io.ByteArrayInputStream;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * An SDK HTTP client that never opens a connection: each request gets {@code 200} and the body {@code answer} gives
 * for it. SnapStart priming builds SDK clients over it so the request path of the AWS adapters — marshalling, SigV4
 * signing (with throw-away credentials), checksums, retries' bookkeeping, unmarshalling — is loaded and run before
 * the snapshot with nothing on the network and no real credentials.
 */
public final class OfflineHttpClient implements SdkHttpClient {
    private final Function<HttpExecuteRequest, byte[]> answer;
    private final AtomicInteger requests = new AtomicInteger();

    public OfflineHttpClient(Function<HttpExecuteRequest, byte[]> answer) {
        this.answer = answer;
    }

    /** Requests answered so far. */
    public int requests() {
        return requests.get();
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() {
                requests.incrementAndGet();
                // the SDK streams the request body to the wire: read it as a connection would
                request.contentStreamProvider().ifPresent(p -> {
                    try (var in = p.newStream()) {
                        in.transferTo(java.io.OutputStream.nullOutputStream());
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                byte[] body = answer.apply(request);
                return HttpExecuteResponse.builder()
                        .response(SdkHttpResponse.builder().statusCode(200)
                                .putHeader("Content-Length", Integer.toString(body.length))
                                .putHeader("ETag", "\"00000000000000000000000000000000\"")
                                .putHeader("x-amz-request-id", "snapstart-priming")
                                .build())
                        .responseBody(AbortableInputStream.create(new ByteArrayInputStream(body)))
                        .build();
            }

            @Override
            public void abort() {
            }
        };
    }

    @Override
    public void close() {
    }

    @Override
    public String clientName() {
        return "RefineryOffline";
    }
}
