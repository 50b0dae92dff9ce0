package dev.escqrs.console;

import dev.escqrs.core.port.Checkpoint;
import dev.escqrs.core.projection.ParkedAggregate;
import dev.escqrs.core.projection.Parking;
import dev.escqrs.core.projection.ProjectionRunner;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Clock;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * What each request of an operator does: the overview, logging in and out, and the actions on a runner. An action
 * checks the session and the form ({@link Sessions#authorizePost}), acts on the runner in this process or writes a
 * request to its parking, logs what it did with the operator's name, and redirects to the overview with the outcome
 * ({@link Flash}).
 */
final class OperatorActions {
    // the console's one logger: operators configure it by the public class's name
    private static final Logger LOG = Logger.getLogger(OperatorConsole.class.getName());

    private final Runners runners;
    private final Sessions sessions;
    private final Flash flash = new Flash();
    private final Clock clock;

    OperatorActions(Runners runners, Sessions sessions, Clock clock) {
        this.runners = runners;
        this.sessions = sessions;
        this.clock = clock;
    }

    /** The overview page's HTML, for an operator. */
    String overview(Context ctx) {
        Sessions.Session session = sessions.authenticate(ctx);
        return OverviewPage.html(session, runners.views(), flash.take(ctx.queryParam("flash")), clock.instant());
    }

    void login(Context ctx) {
        sessions.checkOrigin(ctx);
        String token = Optional.ofNullable(ctx.formParam("token")).orElse("").strip();
        if (token.regionMatches(true, 0, "Bearer ", 0, 7)) {
            token = token.substring(7).strip();
        }
        Sessions.Session session = sessions.verify(token);
        LOG.info("console: " + session.operator() + " logged in");
        ctx.header("Set-Cookie", Sessions.cookie(token, ctx.scheme().equals("https")));
        ctx.redirect("/", HttpStatus.SEE_OTHER);
    }

    void logout(Context ctx) {
        sessions.authorizePost(ctx);
        ctx.header("Set-Cookie", Sessions.expiredCookie());
        ctx.redirect("/login", HttpStatus.SEE_OTHER);
    }

    void retry(Context ctx) {
        String operator = sessions.authorizePost(ctx).operator();
        Target target = target(ctx);
        Optional<ProjectionRunner.Running> running = runners.running(target.runner());
        boolean asked = running.isPresent()
                ? running.get().retry(target.type(), target.id(), operator)
                : requestThroughParking(target, ParkedAggregate.Action.RETRY, operator, "retry");
        done(
                ctx,
                target.runner(),
                asked,
                "%s: retry of %s %s %s by %s"
                        .formatted(
                                target.runner(),
                                target.type(),
                                target.id(),
                                asked ? "asked" : "not asked: it is not parked (any more)",
                                operator));
    }

    void skip(Context ctx) {
        String operator = sessions.authorizePost(ctx).operator();
        Target target = target(ctx);
        String reason = Optional.ofNullable(ctx.formParam("reason")).orElse("").strip();
        if (reason.isEmpty()) {
            done(
                    ctx,
                    target.runner(),
                    false,
                    "%s: %s %s was not skipped: a skip needs a reason, which is recorded"
                            .formatted(target.runner(), target.type(), target.id()));
            return;
        }
        Optional<ProjectionRunner.Running> running = runners.running(target.runner());
        boolean asked = running.isPresent()
                ? running.get().skip(target.type(), target.id(), operator, reason)
                : requestThroughParking(target, ParkedAggregate.Action.SKIP, operator, reason);
        done(
                ctx,
                target.runner(),
                asked,
                "%s: skip of the head of %s %s %s by %s (%s)"
                        .formatted(
                                target.runner(),
                                target.type(),
                                target.id(),
                                asked ? "asked" : "not asked: it is not parked (any more)",
                                operator,
                                reason));
    }

    void retryAll(Context ctx) {
        String operator = sessions.authorizePost(ctx).operator();
        String runner = knownRunner(ctx);
        Optional<ProjectionRunner.Running> running = runners.running(runner);
        int asked;
        if (running.isPresent()) {
            asked = running.get().retryAll(operator);
        } else {
            Parking lot = runners.parkingFor(runner);
            asked = 0;
            for (ParkedAggregate entry : lot.parked(runner)) {
                if (lot.request(
                        runner,
                        entry.aggregateName(),
                        entry.aggregateId(),
                        new ParkedAggregate.OperatorRequest(
                                ParkedAggregate.Action.RETRY, operator, "retry all", clock.instant()))) {
                    asked++;
                }
            }
        }
        done(
                ctx,
                runner,
                true,
                "%s: retry of %d parked aggregate(s) asked by %s; the runner works through them a "
                                .formatted(runner, asked, operator)
                        + "batch at a time");
    }

    void replay(Context ctx) {
        String operator = sessions.authorizePost(ctx).operator();
        String runner = knownRunner(ctx);
        if (!runner.equals(
                Optional.ofNullable(ctx.formParam("confirm")).orElse("").strip())) {
            done(ctx, runner, false, "%s: not replayed: type the runner's name to confirm a replay".formatted(runner));
            return;
        }
        ProjectionRunner.Running running = runners.runningHere(runner);
        try {
            running.replay();
        } catch (UnsupportedOperationException e) {
            done(ctx, runner, false, runner + ": not replayed: " + e.getMessage());
            return;
        }
        done(ctx, runner, true, "%s: replay from the start asked by %s".formatted(runner, operator));
    }

    void checkpoint(Context ctx) {
        String operator = sessions.authorizePost(ctx).operator();
        String runner = knownRunner(ctx);
        String value =
                Optional.ofNullable(ctx.formParam("checkpoint")).orElse("").strip();
        Checkpoint checkpoint = value.isEmpty() ? Checkpoint.START : new Checkpoint(value);
        runners.runningHere(runner).moveCheckpoint(checkpoint);
        done(
                ctx,
                runner,
                true,
                "%s: checkpoint moved to %s by %s"
                        .formatted(runner, checkpoint.isStart() ? "the start" : value, operator));
    }

    private record Target(String runner, String type, String id) {}

    private Target target(Context ctx) {
        String runner = knownRunner(ctx);
        String type = Optional.ofNullable(ctx.formParam("type")).orElse("");
        String id = Optional.ofNullable(ctx.formParam("id")).orElse("");
        if (type.isEmpty() || id.isEmpty()) {
            throw new Sessions.Refusal(400, "the form needs the aggregate's type and id");
        }
        return new Target(runner, type, id);
    }

    private String knownRunner(Context ctx) {
        return runners.known(ctx.pathParam("runner"));
    }

    private boolean requestThroughParking(
            Target target, ParkedAggregate.Action action, String operator, String reason) {
        return runners.parkingFor(target.runner())
                .request(
                        target.runner(),
                        target.type(),
                        target.id(),
                        new ParkedAggregate.OperatorRequest(action, operator, reason, clock.instant()));
    }

    private void done(Context ctx, String runner, boolean ok, String message) {
        LOG.info("console: " + message);
        ctx.redirect("/?flash=" + flash.put(ok, message) + "#runner-" + Page.anchor(runner), HttpStatus.SEE_OTHER);
    }
}
