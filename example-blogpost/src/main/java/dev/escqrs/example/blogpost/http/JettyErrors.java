package dev.escqrs.example.blogpost.http;

import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * What Jetty answers itself, before any route runs (a malformed request line or header, a request line or headers
 * over the limit), as the same problem details ({@link Problem}): never Jetty's HTML.
 */
final class JettyErrors extends ErrorHandler {
    /** What Jetty 12 calls a request whose request line it could not read. */
    private static final String UNREAD_METHOD = "BAD";

    private static final String UNREAD_PATH = "/badMessage";

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        int status = response.getStatus() >= 400 ? response.getStatus() : 400;
        ProblemType type = switch (status) {
            case 414 -> ProblemType.URI_TOO_LONG;
            case 431 -> ProblemType.HEADERS_TOO_LARGE;
            case 413 -> ProblemType.TOO_LARGE;
            default -> ProblemType.BAD_REQUEST;
        };
        String detail = switch (status) {
            case 414 -> "the request line is longer than " + BlogPostHttpServer.MAX_HEADER_BYTES + " bytes";
            case 431 -> "the headers are larger than " + BlogPostHttpServer.MAX_HEADER_BYTES + " bytes together";
            case 413 -> "the body is larger than " + BlogPostHttpServer.MAX_BODY_BYTES + " bytes";
            default -> "the request is not valid HTTP";
        };
        byte[] body = Problem.of(type, status, detail, path(request)).toJson();
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problem.MEDIA_TYPE);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }

    /**
     * The request's path, or null for a request line Jetty could not read: Jetty names that one
     * {@code BAD /badMessage}, which is no path of the client's (an instance is optional in RFC 9457).
     */
    private static String path(Request request) {
        HttpURI uri = request.getHttpURI();
        if (uri == null || (UNREAD_METHOD.equals(request.getMethod()) && UNREAD_PATH.equals(uri.getPath()))) {
            return null;
        }
        return uri.getPath();
    }
}
