package dev.escqrs.example.blogpost.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.Response;

/** One JSON line per request, written by Jetty after the response, whoever answered it (a route or Jetty). */
final class AccessLog implements RequestLog {
    /** The request attribute that holds the authenticated actor, for the log line. */
    static final String ACTOR_ATTRIBUTE = "escqrs.actor";

    private final ObjectMapper json;
    private final Consumer<String> sink;

    AccessLog(ObjectMapper json, Consumer<String> sink) {
        this.json = json;
        this.sink = sink;
    }

    @Override
    public void log(Request request, Response response) {
        ObjectNode line = json.createObjectNode();
        line.put("time", Instant.ofEpochMilli(Request.getTimeStamp(request)).toString());
        line.put("remote", Request.getRemoteAddr(request));
        line.put("method", request.getMethod());
        line.put("path", request.getHttpURI().getPath());
        line.put("status", response.getStatus());
        line.put("bytes", Response.getContentBytesWritten(response));
        line.put("ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - request.getBeginNanoTime()));
        if (request.getAttribute(ACTOR_ATTRIBUTE) instanceof String actor) {
            line.put("actor", actor);
        }
        sink.accept(line.toString());
    }
}
