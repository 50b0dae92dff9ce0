package dev.escqrs.dynamodb;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback HTTP proxy in front of the DynamoDB test server that breaks chosen appends (a TransactWriteItems, or in
 * one-item mode a PutItem on the events table) the way
 * networks and servers break them: before the request reaches the server, or after the server committed. Requests
 * reach the server one at a time (moto is not safe for overlapping ones).
 */
final class FaultProxy implements AutoCloseable {
    enum Fault {
        /** The connection drops before the request reaches the server: nothing was written. */
        LOSE_REQUEST,
        /** The server committed, then the connection dropped before the response. */
        LOSE_RESPONSE_AFTER_COMMIT,
        /** A 500 from the service without the request being executed. */
        ERROR_500,
        /** The server committed, and the answer is a 500 (a gateway in between failed). */
        ERROR_500_AFTER_COMMIT,
        /** DynamoDB throttles the request (400 ThrottlingException): nothing was written. */
        THROTTLE,
        /** DynamoDB cancels the transaction for a conflict with another transaction in flight: nothing was written. */
        TRANSACTION_CONFLICT,
        /** The server committed, but the response comes after the client's attempt timeout. */
        SLOW_RESPONSE_AFTER_COMMIT,
        /** The server committed, and the connection resets in the middle of the response body. */
        RESET_MID_BODY_AFTER_COMMIT,
        /**
         * AWS's answer to a transaction whose items lack the table's key attributes (tables of the other item layout):
         * a 400 ValidationException. moto answers it differently (a cancellation with KeyError reasons).
         */
        KEY_SCHEMA_REFUSED
    }

    /** Faults of the DynamoDB Streams API, as AWS answers them. */
    enum StreamFault {
        /** {@code GetShardIterator} after a sequence number older than the stream keeps (24 hours): 400. */
        TRIMMED(
                ".GetShardIterator",
                "TrimmedDataAccessException",
                "injected: the requested sequence number is beyond the trim horizon"),
        /** {@code GetRecords} with an iterator older than 15 minutes: 400. */
        ITERATOR_EXPIRED(".GetRecords", "ExpiredIteratorException", "injected: iterator expired");

        final String operation;
        final String type;
        final String message;

        StreamFault(String operation, String type, String message) {
            this.operation = operation;
            this.type = type;
            this.message = message;
        }
    }

    static final Duration SLOW = Duration.ofMillis(1_500);
    private static final Set<String> HOP_BY_HOP =
            Set.of("host", "connection", "content-length", "transfer-encoding", "expect", "upgrade", "keep-alive");

    private final URI target;
    private final HttpServer server;
    private final HttpClient client =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final ConcurrentLinkedQueue<Fault> planned = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<StreamFault> plannedStreamFaults = new ConcurrentLinkedQueue<>();
    private final Object serial = new Object();
    final AtomicInteger transactionsSeenByServer = new AtomicInteger();
    private volatile boolean down;

    FaultProxy(URI target) throws IOException {
        this.target = target;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::handle);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** An append: a transaction, or a put on the events table (one-item mode; not the marker's or a checkpoint's). */
    private static boolean isAppend(String operation, byte[] body) {
        return operation.endsWith(".TransactWriteItems")
                || operation.endsWith(".PutItem")
                        && EVENTS_TABLE
                                .matcher(new String(body, StandardCharsets.UTF_8))
                                .find();
    }

    private static final java.util.regex.Pattern EVENTS_TABLE =
            java.util.regex.Pattern.compile("\"TableName\"\\s*:\\s*\"[^\"]*events\"");

    /** The next appends meet these faults, one each, in order. */
    void plan(Fault... faults) {
        planned.addAll(List.of(faults));
    }

    int pendingFaults() {
        return planned.size() + plannedStreamFaults.size();
    }

    /**
     * An outage: while down, every request (DynamoDB and Streams alike) has its connection dropped before it reaches
     * the server, as when the service is unreachable.
     */
    void down(boolean down) {
        this.down = down;
    }

    /** The next Streams calls of each fault's operation meet these faults, one each, in order. */
    void planStream(StreamFault... faults) {
        plannedStreamFaults.addAll(List.of(faults));
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        if (down) {
            exchange.close();
            return;
        }
        String operation = String.valueOf(exchange.getRequestHeaders().getFirst("X-Amz-Target"));
        StreamFault streamFault = plannedStreamFaults.peek();
        if (streamFault != null
                && operation.endsWith(streamFault.operation)
                && plannedStreamFaults.remove(streamFault)) {
            respond(exchange, 400, error(streamFault.type, streamFault.message));
            return;
        }
        boolean append = isAppend(operation, body);
        Fault fault = append ? planned.poll() : null;
        if (fault == Fault.LOSE_REQUEST) {
            exchange.close();
            return;
        }
        if (fault == Fault.ERROR_500) {
            respond(exchange, 500, error("InternalServerError", "injected: internal server error"));
            return;
        }
        if (fault == Fault.TRANSACTION_CONFLICT && operation.endsWith(".PutItem")) {
            respond(
                    exchange,
                    400,
                    error(
                            "TransactionConflictException",
                            "injected: the item is being modified by a transaction in flight"));
            return;
        }
        if (fault == Fault.TRANSACTION_CONFLICT) {
            respond(
                    exchange,
                    400,
                    ("{\"__type\":\"com.amazonaws.dynamodb.v20120810#TransactionCanceledException\","
                                    + "\"message\":\"Transaction cancelled, please refer cancellation reasons for specific reasons "
                                    + "[None, TransactionConflict]\",\"CancellationReasons\":[{\"Code\":\"None\"},"
                                    + "{\"Code\":\"TransactionConflict\",\"Message\":\"injected: transaction conflict\"}]}")
                            .getBytes(StandardCharsets.UTF_8));
            return;
        }
        if (fault == Fault.KEY_SCHEMA_REFUSED) {
            respond(
                    exchange,
                    400,
                    error(
                            "ValidationException",
                            "One or more parameter values were invalid: Missing the key streamId in the item"));
            return;
        }
        if (fault == Fault.THROTTLE) {
            respond(
                    exchange,
                    400,
                    error("ThrottlingException", "injected: rate of requests exceeds the allowed throughput"));
            return;
        }
        HttpResponse<byte[]> response = forward(exchange, body);
        if (append) {
            transactionsSeenByServer.incrementAndGet();
        }
        if (fault == null) {
            respond(exchange, response.statusCode(), response.body());
            return;
        }
        switch (fault) {
            case LOSE_RESPONSE_AFTER_COMMIT -> exchange.close();
            case ERROR_500_AFTER_COMMIT ->
                respond(exchange, 500, error("InternalServerError", "injected after commit"));
            case SLOW_RESPONSE_AFTER_COMMIT -> {
                sleep(SLOW);
                respond(exchange, response.statusCode(), response.body());
            }
            case RESET_MID_BODY_AFTER_COMMIT -> {
                byte[] full = response.body();
                exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
                exchange.sendResponseHeaders(200, full.length + 100L);
                OutputStream out = exchange.getResponseBody();
                out.write(full, 0, full.length / 2);
                out.flush();
                exchange.close();
            }
            default -> throw new IllegalStateException("not an after-commit fault: " + fault);
        }
    }

    private HttpResponse<byte[]> forward(HttpExchange exchange, byte[] body) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        target.resolve(exchange.getRequestURI().toString()))
                .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
        exchange.getRequestHeaders().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                values.forEach(value -> request.header(name, value));
            }
        });
        synchronized (serial) {
            try {
                return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while forwarding", e);
            }
        }
    }

    private static byte[] error(String type, String message) {
        return "{\"__type\":\"com.amazonaws.dynamodb.v20120810#%s\",\"message\":\"%s\"}"
                .formatted(type, message)
                .getBytes(StandardCharsets.UTF_8);
    }

    private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
