package dev.escqrs.example.blogpost.http;

import dev.escqrs.core.error.ConflictException;
import dev.escqrs.core.error.EscqrsException;
import dev.escqrs.core.error.IdempotencyKeyReusedException;
import dev.escqrs.dynamodb.table.MissingTableException;
import dev.escqrs.example.blogpost.app.BlogPostService;
import dev.escqrs.example.blogpost.domain.AlreadyPublishedException;
import dev.escqrs.example.blogpost.domain.AuthorForgottenException;
import dev.escqrs.example.blogpost.domain.ForbiddenException;
import dev.escqrs.example.blogpost.domain.InvalidProfileException;
import dev.escqrs.example.blogpost.domain.InvalidTitleException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.ExceptionHandler;
import io.javalin.http.HttpResponseException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What an exception thrown by a route (or by Javalin) is answered with: a problem detail ({@link Problem}), its status
 * by the exception's kind. The domain's own refusals have statuses of their own; every other escqrs error is answered
 * by its category ({@link EscqrsException#category()}); anything else is a 500, logged with its stack trace. Jetty's
 * own errors go out in {@link JettyErrors}.
 */
final class RouteErrors {
    // the service's log of failed requests keeps the name it has always had, for whoever filters on it
    private static final Logger LOG = Logger.getLogger(BlogPostHttpServer.class.getName());

    private RouteErrors() {}

    /** Registers the answer to each kind of exception. */
    static void register(RoutesConfig routes) {
        routes.exception(HttpError.class, (e, ctx) -> error(ctx, e.status, e.type, e.getMessage()));
        routes.exception(Unauthenticated.class, (e, ctx) -> {
            ctx.header(
                    "WWW-Authenticate",
                    e.type() == ProblemType.INVALID_TOKEN ? "Bearer error=\"invalid_token\"" : "Bearer");
            error(ctx, 401, e.type(), e.getMessage());
        });
        routes.exception(ForbiddenException.class, answer(403, ProblemType.FORBIDDEN));
        routes.exception(AlreadyPublishedException.class, answer(409, ProblemType.ALREADY_PUBLISHED));
        routes.exception(InvalidTitleException.class, answer(400, ProblemType.INVALID_TITLE));
        routes.exception(InvalidProfileException.class, answer(400, ProblemType.INVALID_PROFILE));
        routes.exception(AuthorForgottenException.class, answer(409, ProblemType.AUTHOR_FORGOTTEN));
        routes.exception(ConflictException.class, RouteErrors::conflict);
        routes.exception(IdempotencyKeyReusedException.class, answer(422, ProblemType.IDEMPOTENCY_KEY_REUSED));
        routes.exception(BlogPostService.ReadModelBehindException.class, (e, ctx) -> {
            ctx.header("Retry-After", "1");
            error(ctx, 503, ProblemType.READ_MODEL_BEHIND, e.getMessage());
        });
        // every other escqrs error by its category; the domain's own refusals above keep their codes
        routes.exception(EscqrsException.class, RouteErrors::byCategory);
        routes.exception(
                HttpResponseException.class,
                (e, ctx) -> error(
                        ctx,
                        e.getStatus(),
                        typeOf(e.getStatus()),
                        e.getStatus() == 404 ? "no such resource: " + ctx.path() : e.getMessage()));
        routes.exception(Exception.class, (e, ctx) -> {
            LOG.log(Level.SEVERE, "request failed: " + ctx.method() + " " + ctx.path(), e);
            error(ctx, 500, ProblemType.INTERNAL, "the request failed; see the service log");
        });
    }

    /** An escqrs error answered with {@code status} and {@code type}, and what the error knows ({@link Problem#about}). */
    private static <E extends EscqrsException> ExceptionHandler<E> answer(int status, ProblemType type) {
        return (e, ctx) -> answer(ctx, e, status, type);
    }

    private static void answer(Context ctx, EscqrsException e, int status, ProblemType type) {
        error(ctx, problem(ctx, status, type, e.getMessage()).about(e));
    }

    private static void conflict(ConflictException e, Context ctx) {
        if (e.kind() == ConflictException.Kind.VERSION_MISMATCH) {
            Problem problem = problem(ctx, 412, ProblemType.VERSION_MISMATCH, e.getMessage())
                    .about(e)
                    .withLegacy("expected", e.expectedVersion());
            e.actualVersion().ifPresent(actual -> problem.withLegacy("actual", actual));
            error(ctx, problem);
        } else {
            answer(ctx, e, 409, ProblemType.CONFLICT);
        }
    }

    private static void byCategory(EscqrsException e, Context ctx) {
        switch (e.category()) {
            case INVALID -> answer(ctx, e, 400, ProblemType.INVALID_INPUT);
            case NOT_FOUND -> answer(ctx, e, 404, ProblemType.NOT_FOUND);
            case CONFLICT -> answer(ctx, e, 409, ProblemType.CONFLICT);
            case REFUSED -> answer(ctx, e, 409, ProblemType.REFUSED);
            case UNAVAILABLE -> unavailable(ctx, e);
            case INTERNAL -> {
                LOG.log(Level.SEVERE, "request failed: " + ctx.method() + " " + ctx.path(), e);
                error(
                        ctx,
                        problem(ctx, 500, ProblemType.INTERNAL, "the request failed; see the service log")
                                .about(e));
            }
        }
    }

    private static void unavailable(Context ctx, EscqrsException e) {
        // one line, no stack trace: the store being down is no bug of ours, and a request a second must not flood
        LOG.log(Level.WARNING, "store unavailable: %s %s: %s".formatted(ctx.method(), ctx.path(), firstLine(e)));
        if (e instanceof MissingTableException missing) {
            // a deployment error: the client cannot fix it, but whoever runs the service reads it here too
            ctx.header("Retry-After", "30");
            error(
                    ctx,
                    problem(ctx, 503, ProblemType.UNAVAILABLE, missingTable(missing))
                            .about(e));
            return;
        }
        ctx.header("Retry-After", "1");
        // the store's own text (an emulator's stack, an AWS request id) stays in the log
        error(
                ctx,
                problem(ctx, 503, ProblemType.UNAVAILABLE, "the store is busy or unreachable; try again shortly")
                        .about(e));
    }

    /** Which table is missing and how this service creates it (also /health's reason). */
    static String missingTable(MissingTableException e) {
        String which = e.tables().size() == 1
                ? "the DynamoDB table " + e.tables().getFirst() + " does not exist"
                : "one of the DynamoDB tables " + String.join(", ", e.tables()) + " does not exist";
        return which + ": start the service with --create-tables (the default with --endpoint), or create escqrs's "
                + "tables with DynamoDbTables.createTables or the deploy template; the service goes on once it exists";
    }

    private static String firstLine(Throwable e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return message.lines().findFirst().orElse(message);
    }

    private static ProblemType typeOf(int status) {
        return switch (status) {
            case 404 -> ProblemType.NO_ROUTE;
            case 413 -> ProblemType.TOO_LARGE;
            case 408 -> ProblemType.TIMEOUT;
            default -> ProblemType.INVALID_REQUEST;
        };
    }

    /** A problem about this request (its path is the problem's {@code instance}). */
    private static Problem problem(Context ctx, int status, ProblemType type, String detail) {
        return Problem.of(type, status, detail, ctx.path());
    }

    static void error(Context ctx, int status, ProblemType type, String detail) {
        error(ctx, problem(ctx, status, type, detail));
    }

    /** Every error a route or Javalin answers goes out here, as Jetty's own go out in {@link JettyErrors}. */
    private static void error(Context ctx, Problem problem) {
        ctx.status(problem.status()).contentType(Problem.MEDIA_TYPE).result(problem.toJson());
    }
}
