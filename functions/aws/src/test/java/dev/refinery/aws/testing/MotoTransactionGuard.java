package dev.refinery.aws.testing;

import java.io.IOException;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;

/**
 * Works around moto_server 5.2.1's transactions, which are not isolated: TransactWriteItems copies
 * the whole table before it starts and, when a condition fails, puts that copy back
 * (moto/dynamodb/models/__init__.py, {@code transact_write_items}: {@code original_table_state}),
 * erasing every write other requests made to the table in between. DynamoDB's transactions are
 * isolated. This client lets a transaction run only while no other request of this process is in
 * flight (other requests still run concurrently with each other), so the suites test the
 * refinery's concurrency and not the emulator's. Every client the tests build against moto uses it
 * (MotoStack, the reliability harness).
 */
public final class MotoTransactionGuard implements SdkHttpClient {
    private final SdkHttpClient delegate;
    private final ReadWriteLock lock = new ReentrantReadWriteLock(true);

    public MotoTransactionGuard(SdkHttpClient delegate) {
        this.delegate = delegate;
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        boolean transaction = request.httpRequest().firstMatchingHeader("X-Amz-Target")
                .map(t -> t.endsWith(".TransactWriteItems")).orElse(false);
        Lock l = transaction ? lock.writeLock() : lock.readLock();
        ExecutableHttpRequest real = delegate.prepareRequest(request);
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() throws IOException {
                l.lock();
                try {
                    return real.call();
                } finally {
                    l.unlock();
                }
            }

            @Override
            public void abort() {
                real.abort();
            }
        };
    }

    @Override
    public String clientName() {
        return delegate.clientName();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
