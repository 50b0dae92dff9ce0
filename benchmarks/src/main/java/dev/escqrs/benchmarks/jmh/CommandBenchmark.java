package dev.escqrs.benchmarks.jmh;

import dev.escqrs.benchmarks.axon.AxonBlogPost;
import dev.escqrs.benchmarks.axon.AxonSetup;
import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.command.CommandHandler;
import dev.escqrs.core.command.CommandRequest;
import dev.escqrs.core.event.EventIds;
import dev.escqrs.example.blogpost.domain.BlogPost;
import dev.escqrs.example.blogpost.domain.BlogPostCommand;
import dev.escqrs.example.blogpost.domain.BlogPostDecider;
import dev.escqrs.example.blogpost.domain.BlogPostEvent;
import dev.escqrs.example.blogpost.domain.BlogPosts;
import dev.escqrs.inmemory.InMemoryEventStore;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * One command producing one event, on the in-memory store, escqrs against Axon Framework 4 in the same run.
 *
 * <p>history 0: each command creates a new post. history N: each command changes the title of one of
 * {@value #EVENTS_IN_STORE} / N posts (at least 100), taken in turn, each seeded with N events at the start of every
 * iteration, so that every store holds about the same number of events. escqrs runs with its aggregate cache off: every command reads the
 * aggregate row (one read, no replay). {@code axon}: Axon's repository replays the post's events on every command
 * (no snapshots, no cache), which is how it is configured out of the box. {@code axon-cached}: Axon's caching
 * event-sourcing repository, as its users tune it first, warmed before measuring (a cached post replays nothing).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CommandBenchmark {
    /** Every store starts an iteration with this many events (fewer aggregates for longer histories). */
    static final int EVENTS_IN_STORE = 100_000;

    @Param({"0", "100"})
    public int history;

    private int aggregates;

    @Param({"escqrs", "axon", "axon-cached"})
    public String framework;

    private CommandHandler<BlogPostCommand, BlogPostEvent, BlogPost> escqrs;
    private AxonSetup axon;
    private String[] ids;
    private long counter;

    @Setup(Level.Iteration)
    public void setUp() {
        aggregates = history == 0 ? 1 : Math.max(100, EVENTS_IN_STORE / history);
        ids = new String[aggregates];
        counter = 0;
        if (framework.equals("escqrs")) {
            InMemoryEventStore store = new InMemoryEventStore(JsonCodec.of(BlogPosts.BLOG_POST));
            EventIds eventIds = EventIds.system();
            escqrs = CommandHandler.builder(BlogPosts.BLOG_POST, new BlogPostDecider())
                    .store(store, store)
                    .cacheSize(0)
                    .build();
            for (int i = 0; i < aggregates; i++) {
                ids[i] = "post-" + i;
                if (history > 0) {
                    BenchHistories.seed(store, ids[i], history, eventIds);
                }
            }
        } else {
            axon = new AxonSetup(framework.equals("axon-cached"));
            for (int i = 0; i < aggregates; i++) {
                ids[i] = "post-" + i;
                if (history > 0) {
                    axon.seed(ids[i], history);
                }
            }
            if (framework.equals("axon-cached") && history > 0) {
                // a running service's cache is warm: one command per post loads it (a replay) and caches it, so that
                // the measured commands replay nothing
                for (String id : ids) {
                    axon.gateway().sendAndWait(new AxonBlogPost.ChangeTitle(id, "warm"));
                }
            }
        }
        // the seeding's garbage is collected here, not during the measurement that follows (JMH's -gc true collects
        // before this set-up, not after it)
        System.gc();
    }

    @TearDown(Level.Iteration)
    public void tearDown() {
        if (axon != null) {
            axon.close();
            axon = null;
        }
        escqrs = null;
    }

    @Benchmark
    public Object command() {
        long n = counter++;
        String title = "title " + n;
        if (framework.equals("escqrs")) {
            if (history == 0) {
                return escqrs.handle(CommandRequest.createWithId(
                        "new-" + n, "alice", new BlogPostCommand.CreateBlogPost(title, "alice")));
            }
            return escqrs.handle(CommandRequest.update(
                    ids[(int) (n % aggregates)], "alice", new BlogPostCommand.ChangeTitle(title, "alice")));
        }
        if (history == 0) {
            return axon.gateway().sendAndWait(new AxonBlogPost.CreatePost("new-" + n, title, "alice"));
        }
        return axon.gateway().sendAndWait(new AxonBlogPost.ChangeTitle(ids[(int) (n % aggregates)], title));
    }
}
