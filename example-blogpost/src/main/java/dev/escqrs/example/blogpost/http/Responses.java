package dev.escqrs.example.blogpost.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.io.IOException;

/** How a route answers with a body: JSON, by the server's mapper. Errors go out as problems ({@link RouteErrors}). */
final class Responses {
    private Responses() {}

    static void send(Context ctx, ObjectMapper json, int status, Object body) throws IOException {
        ctx.status(status).contentType("application/json").result(json.writeValueAsBytes(body));
    }
}
