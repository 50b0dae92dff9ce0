package dev.escqrs.example.blogpost;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * The DynamoDB wire with a switch: passes requests to the real server until {@link #breakIt()}, then answers every
 * request as a failing emulator does (HTTP 500 with a Python traceback), so the service's store errors can be seen
 * from outside.
 */
final class BrokenStore implements SdkHttpClient {
    static final String TRACEBACK =
            "Traceback (most recent call last):\n  File \"/usr/lib/python3/moto/core/responses.py\", "
                    + "line 1, in dispatch\nKeyError: 'secret internal detail'";

    private final SdkHttpClient wire;
    private final AtomicBoolean broken = new AtomicBoolean();

    BrokenStore(SdkHttpClient wire) {
        this.wire = wire;
    }

    void breakIt() {
        broken.set(true);
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        if (!broken.get()) {
            return wire.prepareRequest(request);
        }
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() {
                byte[] body = TRACEBACK.getBytes(StandardCharsets.UTF_8);
                return HttpExecuteResponse.builder()
                        .response(SdkHttpResponse.builder()
                                .statusCode(500)
                                .putHeader("Content-Type", "text/plain")
                                .build())
                        .responseBody(AbortableInputStream.create(new ByteArrayInputStream(body)))
                        .build();
            }

            @Override
            public void abort() {}
        };
    }

    @Override
    public String clientName() {
        return "BrokenStore";
    }

    @Override
    public void close() {
        wire.close();
    }
}
