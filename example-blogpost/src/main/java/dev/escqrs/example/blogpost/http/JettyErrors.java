package dev.escqrs.example.blogpost.http;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * What Jetty answers itself, before any route runs (a malformed request line or header, a request line or headers
 * over the limit), as the same JSON errors: never Jetty's HTML.
 */
final class JettyErrors extends ErrorHandler {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus() >= 400 ? response.getStatus() : 400;
        String code = switch (status) {
            case 414 -> "uri_too_long";
            case 431 -> "headers_too_large";
            case 413 -> "too_large";
            default -> "bad_request";
        };
        String message = switch (status) {
            case 414 -> "the request line is longer than " + BlogPostHttpServer.MAX_HEADER_BYTES + " bytes";
            case 431 -> "the headers are larger than " + BlogPostHttpServer.MAX_HEADER_BYTES + " bytes together";
            case 413 -> "the body is larger than " + BlogPostHttpServer.MAX_BODY_BYTES + " bytes";
            default -> "the request is not valid HTTP";
        };
        byte[] body = ("{\"error\":\"" + code + "\",\"message\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }
}
