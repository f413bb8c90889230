package dev.refinery.local.s3;

import com.ctc.wstx.stax.WstxInputFactory;
import com.ctc.wstx.stax.WstxOutputFactory;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.dataformat.xml.XmlFactory;
import com.fasterxml.jackson.dataformat.xml.XmlMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.robothy.netty.initializer.HttpServerInitializer;
import com.robothy.s3.core.service.BucketService;
import com.robothy.s3.core.service.ObjectService;
import com.robothy.s3.core.service.manager.LocalS3Manager;
import com.robothy.s3.core.service.manager.vectors.LocalS3VectorsManager;
import com.robothy.s3.core.service.s3vectors.S3VectorsService;
import com.robothy.s3.rest.handler.LocalS3RouterFactory;
import com.robothy.s3.rest.service.DefaultServiceFactory;
import io.netty.bootstrap.ServerBootstrap;
import com.robothy.netty.router.Router;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.channel.DefaultEventLoopGroup;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.EventExecutorGroup;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.xml.stream.XMLInputFactory;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * S3's REST API inside this JVM: local-s3-rest's object service and request router, served on
 * 127.0.0.1 only, with objects and metadata under a local folder (or in memory).
 *
 * <p>{@code LocalS3.start()} binds every interface and has no host option; this server is
 * assembled from the same public pieces ({@link LocalS3Manager}, {@link LocalS3RouterFactory},
 * {@link HttpServerInitializer}) so that it listens on the loopback address alone, on a port the
 * operating system picks. GET's response-header overrides ({@code response-content-disposition}...), which
 * local-s3 ignores, are applied by {@link ResponseHeaderOverrides}. local-s3 checks no signatures: anything that can reach the port can read
 * and write, which is why it must never listen beyond this machine.
 */
public final class EmbeddedS3 implements AutoCloseable {
    /** local-s3 ignores credentials; the SDK still needs some to sign with. */
    public static final AwsCredentialsProvider CREDENTIALS =
            StaticCredentialsProvider.create(AwsBasicCredentials.create("refinery-local", "refinery-local-secret"));
    public static final Region REGION = Region.US_EAST_1;

    static {
        // local-s3 drops some request buffers without releasing them (Netty reports a LEAK); unpooled
        // heap buffers are then simply collected instead of holding pooled memory for the stack's life.
        if (System.getProperty("io.netty.allocator.type") == null) {
            System.setProperty("io.netty.allocator.type", "unpooled");
        }
        if (System.getProperty("io.netty.noPreferDirect") == null) {
            System.setProperty("io.netty.noPreferDirect", "true");
        }
    }

    private final EventLoopGroup parent;
    private final EventLoopGroup children;
    private final EventExecutorGroup executors;
    private final Channel server;
    private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    private final URI endpoint;
    private final Path dataDir;
    private final S3Client client;
    private final S3Presigner presigner;

    private EmbeddedS3(Path dataDir) {
        this.dataDir = dataDir;
        LocalS3Manager manager;
        if (dataDir == null) {
            manager = LocalS3Manager.createInMemoryS3Manager();
        } else {
            try {
                Files.createDirectories(dataDir);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create the embedded S3 folder " + dataDir, e);
            }
            manager = LocalS3Manager.createFileSystemS3Manager(dataDir.toAbsolutePath());
        }
        Router router = LocalS3RouterFactory.create(services(manager));
        parent = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("local-s3-accept", true), NioIoHandler.newFactory());
        children = new MultiThreadIoEventLoopGroup(2, new DefaultThreadFactory("local-s3-io", true), NioIoHandler.newFactory());
        executors = new DefaultEventLoopGroup(4, new DefaultThreadFactory("local-s3-exec", true));
        try {
            server = new ServerBootstrap().group(parent, children)
                    .channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            connections.add(ch);
                            ch.pipeline().addLast(new HttpServerInitializer(executors, router));
                            // the initializer has put its handlers in place by now: the overrides go right after
                            // Netty's codec, where requests and answers are plain HTTP messages
                            ch.pipeline().addAfter("http-response-encoder", "response-header-overrides", new ResponseHeaderOverrides());
                        }
                    })
                    .bind(InetAddress.getLoopbackAddress(), 0)
                    .sync().channel();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            shutdownGroups();
            throw new IllegalStateException("interrupted while starting the embedded S3", e);
        } catch (RuntimeException e) {
            shutdownGroups();
            throw e;
        }
        InetSocketAddress bound = (InetSocketAddress) server.localAddress();
        endpoint = URI.create("http://127.0.0.1:" + bound.getPort());
        client = S3Client.builder().region(REGION).credentialsProvider(CREDENTIALS).endpointOverride(endpoint)
                .forcePathStyle(true)
                .httpClient(UrlConnectionHttpClient.builder().connectionTimeout(Duration.ofSeconds(3))
                        .socketTimeout(Duration.ofSeconds(60)).build())
                .overrideConfiguration(ClientOverrideConfiguration.builder().apiCallTimeout(Duration.ofSeconds(120)).build())
                .build();
        presigner = S3Presigner.builder().region(REGION).credentialsProvider(CREDENTIALS).endpointOverride(endpoint)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build()).build();
    }

    /**
     * @param dataDir where objects and metadata are kept across restarts; null keeps them in memory
     */
    public static EmbeddedS3 start(Path dataDir) {
        return new EmbeddedS3(dataDir);
    }

    /** The same registrations LocalS3.start() makes (the router's controllers look these up). */
    private static DefaultServiceFactory services(LocalS3Manager manager) {
        DefaultServiceFactory f = new DefaultServiceFactory();
        BucketService buckets = manager.bucketService();
        ObjectService objects = manager.objectService();
        f.register(BucketService.class, () -> buckets);
        f.register(ObjectService.class, () -> objects);

        XMLInputFactory input = new WstxInputFactory();
        input.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, Boolean.FALSE);
        input.setProperty(XMLInputFactory.SUPPORT_DTD, Boolean.FALSE);
        input.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, Boolean.FALSE);
        XmlMapper xml = new XmlMapper(new XmlFactory(input, new WstxOutputFactory()));
        xml.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        xml.registerModule(new Jdk8Module());
        xml.registerModule(new JavaTimeModule());
        f.register(XmlMapper.class, () -> xml);

        ObjectMapper json = new ObjectMapper();
        json.configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        json.configure(SerializationFeature.FAIL_ON_EMPTY_BEANS, false);
        json.setSerializationInclusion(JsonInclude.Include.NON_NULL);
        json.registerModule(new Jdk8Module());
        json.registerModule(new JavaTimeModule());
        f.register(ObjectMapper.class, () -> json);

        // The router builds the S3 Vectors controllers too; the refinery keeps no vectors, so memory is enough.
        S3VectorsService vectors = LocalS3VectorsManager.createInMemory().s3VectorsService();
        f.register(S3VectorsService.class, () -> vectors);
        return f;
    }

    /** Creates the bucket if it is missing, with versioning on (as the deployed bucket has it). */
    public void ensureBucket(String bucket) {
        try {
            client.headBucket(b -> b.bucket(bucket));
        } catch (NoSuchBucketException e) {
            client.createBucket(b -> b.bucket(bucket));
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw e;
            }
            client.createBucket(b -> b.bucket(bucket));
        }
        client.putBucketVersioning(b -> b.bucket(bucket).versioningConfiguration(v -> v.status(BucketVersioningStatus.ENABLED)));
    }

    /** http://127.0.0.1:PORT (path-style: the bucket is the first path segment). */
    public URI endpoint() {
        return endpoint;
    }

    public InetSocketAddress boundAddress() {
        return (InetSocketAddress) server.localAddress();
    }

    /** Null when the data is kept in memory. */
    public Path dataDir() {
        return dataDir;
    }

    public S3Client client() {
        return client;
    }

    public S3Presigner presigner() {
        return presigner;
    }

    @Override
    public void close() {
        client.close();
        presigner.close();
        try {
            server.close().await(10, TimeUnit.SECONDS);
            connections.close().await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            shutdownGroups();
        }
    }

    /**
     * All groups at once, each with a short quiet period: a closing connection's teardown hops
     * between its I/O loop and the executor running its handlers, so neither may stop first.
     */
    private void shutdownGroups() {
        var a = parent.shutdownGracefully(100, 3000, TimeUnit.MILLISECONDS);
        var b = children.shutdownGracefully(100, 3000, TimeUnit.MILLISECONDS);
        var c = executors.shutdownGracefully(100, 3000, TimeUnit.MILLISECONDS);
        a.awaitUninterruptibly(5, TimeUnit.SECONDS);
        b.awaitUninterruptibly(5, TimeUnit.SECONDS);
        c.awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
