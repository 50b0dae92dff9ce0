package dev.escqrs.benchmarks.jmh;

import dev.escqrs.core.aggregate.Aggregate;
import dev.escqrs.core.aggregate.Reducer;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.event.EventIds;
import dev.escqrs.example.blogpost.domain.BlogPost;
import dev.escqrs.example.blogpost.domain.BlogPostDecider;
import dev.escqrs.example.blogpost.domain.BlogPostEvent;
import dev.escqrs.example.blogpost.domain.BlogPosts;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Folding a blog post's history with the Reducer (all checks on: aggregate, id, contiguous versions). One operation
 * is one whole history; events per second = operations per second x history.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ReduceBenchmark {
    @Param({"10", "1000", "100000"})
    public int history;

    private List<AggregateEvent<BlogPostEvent>> events;
    private final Reducer<BlogPostEvent, BlogPost> reducer = Reducer.of(BlogPosts.BLOG_POST, new BlogPostDecider());

    @Setup
    public void setUp() {
        events = BenchHistories.of("p1", history, EventIds.fixed(Instant.parse("2026-01-01T00:00:00Z"), 1));
    }

    @Benchmark
    public Optional<Aggregate<BlogPost>> reduce() {
        return reducer.fold(Optional.empty(), events);
    }
}
