package dev.refinery.local.s3;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;

/**
 * S3's response-header overrides on a GET, which local-s3 ignores: a presigned GET carrying
 * {@code response-content-disposition} (or {@code response-content-type}, {@code response-cache-control} ...) is
 * answered with that header, as S3 does. The web app's "download a final" link relies on it: a browser saves a
 * cross-origin image only when its answer says {@code Content-Disposition: attachment}.
 *
 * <p>Sits between Netty's HTTP codec and local-s3's router: it reads each request's query on its way in and sets the
 * headers on the answer to it on the way out. HTTP/1.1 answers a connection's requests in order, so a queue pairs
 * them. Like local-s3, it checks no signature.
 */
final class ResponseHeaderOverrides extends ChannelDuplexHandler {
    /** The overrides S3 supports on GetObject, and the header each sets. */
    private static final Map<String, String> OVERRIDES = Map.of(
            "response-content-disposition", HttpHeaderNames.CONTENT_DISPOSITION.toString(),
            "response-content-type", HttpHeaderNames.CONTENT_TYPE.toString(),
            "response-content-language", HttpHeaderNames.CONTENT_LANGUAGE.toString(),
            "response-content-encoding", HttpHeaderNames.CONTENT_ENCODING.toString(),
            "response-cache-control", HttpHeaderNames.CACHE_CONTROL.toString(),
            "response-expires", HttpHeaderNames.EXPIRES.toString());

    private final Queue<Map<String, String>> pending = new ArrayDeque<>();

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof HttpRequest request) {
            pending.add(request.method().equals(HttpMethod.GET) ? overrides(request.uri()) : Map.of());
        }
        super.channelRead(ctx, msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof HttpResponse response) {
            Map<String, String> headers = pending.poll();
            // S3 applies them to a successful GET only; an error keeps its own XML content type
            if (headers != null && response.status().code() / 100 == 2) {
                headers.forEach(response.headers()::set);
            }
        }
        super.write(ctx, msg, promise);
    }

    /** The headers a request's query asks the answer to carry, by header name. */
    static Map<String, String> overrides(String uri) {
        Map<String, String> headers = new LinkedHashMap<>();
        new QueryStringDecoder(uri).parameters().forEach((name, values) -> {
            String header = OVERRIDES.get(name);
            List<String> given = values;
            if (header != null && !given.isEmpty()) {
                headers.put(header, given.get(0));
            }
        });
        return headers;
    }
}
