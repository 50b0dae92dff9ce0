package dev.escqrs.example.blogpost;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import dev.escqrs.console.OperatorConsole;
import dev.escqrs.core.event.AggregateEvent;
import dev.escqrs.core.port.ChangeFeed;
import dev.escqrs.core.port.Checkpoints;
import dev.escqrs.core.port.EventStore;
import dev.escqrs.core.projection.BadRecords;
import dev.escqrs.core.projection.DurableProjection;
import dev.escqrs.core.projection.Parking;
import dev.escqrs.core.projection.ParkingRetries;
import dev.escqrs.core.projection.Projection;
import dev.escqrs.core.projection.ProjectionRunner;
import dev.escqrs.core.projection.ProjectionSpec;
import dev.escqrs.example.blogpost.app.BlogPostService;
import dev.escqrs.example.blogpost.app.ReadModel;
import dev.escqrs.example.blogpost.app.Workflows;
import dev.escqrs.example.blogpost.domain.BlogPostEvent;
import dev.escqrs.example.blogpost.domain.BlogPosts;
import dev.escqrs.example.blogpost.http.Authentication;
import dev.escqrs.example.blogpost.readmodel.PublishedPosts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;

/**
 * The operator console in a real browser (headless chromium through WebDriver), on the service as Main wires it, on
 * memory and on DynamoDB (moto): a post whose first event the read model's projection cannot apply (a bug, then
 * fixed) shows up parked on the page with its error and head event while every other post flows; after the fix a
 * click on Retry empties the list and the read model holds every event. The automatic retries are turned off (one
 * attempt), so only the click can have applied it. The memory run's page is target/operations-console.png (docs/operations-console.png with
 * {@code -Descqrs-test.screenshots.update=true}).
 */
class OperatorConsoleBrowserTest {
    /** Where each run puts the page; with -Descqrs-test.screenshots.update=true also docs/operations-console.png. */
    static final Path SCREENSHOT = Path.of("target", "operations-console.png");

    static final Path DOCS_SCREENSHOT = Path.of("..", "docs", "operations-console.png");

    /** The projection's bug: it cannot handle a post whose title starts with "Poison", until fixed. */
    static final class Bug {
        final AtomicBoolean present = new AtomicBoolean(true);

        Projection into(PublishedPosts published) {
            return published instanceof DurableProjection durable
                    ? new DurableBuggy(durable, this)
                    : new Buggy(published, this);
        }

        void check(AggregateEvent<?> event) {
            if (present.get()
                    && event.payload() instanceof BlogPostEvent.BlogPostCreated created
                    && created.title().startsWith("Poison")) {
                throw new IllegalStateException("the projection cannot handle the title '" + created.title() + "'");
            }
        }
    }

    static class Buggy implements Projection {
        private final Projection published;
        private final Bug bug;

        Buggy(Projection published, Bug bug) {
            this.published = published;
            this.bug = bug;
        }

        @Override
        public long appliedVersion(String aggregateName, String aggregateId) {
            return published.appliedVersion(aggregateName, aggregateId);
        }

        @Override
        public void apply(AggregateEvent<?> event) {
            bug.check(event);
            published.apply(event);
        }

        @Override
        public void reset() {
            published.reset();
        }
    }

    static final class DurableBuggy extends Buggy implements DurableProjection {
        private final DurableProjection published;

        DurableBuggy(DurableProjection published, Bug bug) {
            super(published, bug);
            this.published = published;
        }

        @Override
        public Checkpoints checkpoints() {
            return published.checkpoints();
        }
    }

    /** The read model's runner as BlogPostModule builds it, on the buggy projection, with no automatic retries. */
    static AbstractModule buggyReadModel(Bug bug) {
        return new AbstractModule() {
            @Provides
            @Singleton
            ProjectionRunner publishedPostsRunner(
                    PublishedPosts published, EventStore store, ChangeFeed feed, Parking parking) {
                ProjectionSpec spec = ProjectionSpec.builder(PublishedPosts.NAME, bug.into(published))
                        .aggregates(BlogPosts.BLOG_POST)
                        .store(store)
                        .badRecords(BadRecords.PARK)
                        .parking(parking)
                        .retries(new ParkingRetries(Duration.ofHours(1), Duration.ofHours(1), 1, 25))
                        .build();
                return ProjectionRunner.builder(spec)
                        .feed(feed)
                        .pollInterval(Duration.ofMillis(100))
                        .build();
            }
        };
    }

    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = {"memory", "dynamodb"})
    void a_poisoned_post_shows_up_parked_and_a_click_on_retry_after_the_fix_applies_it(String store) throws Exception {
        Bug bug = new Bug();
        Authentication auth = Authentication.development();
        try (ServiceUnderTest service = new ServiceUnderTest(
                        store, auth, OperatorConsoleBrowserTest.class, UnaryOperator.identity(), buggyReadModel(bug));
                Browser browser = new Browser()) {
            var injector = service.injector();
            OperatorConsole console = service.closing(Main.console(
                            new Options.Console("127.0.0.1", 0),
                            auth,
                            injector.getInstance(ReadModel.class),
                            injector.getInstance(Workflows.class),
                            injector.getInstance(Parking.class))
                    .start());
            BlogPostService posts = injector.getInstance(BlogPostService.class);
            PublishedPosts published = injector.getInstance(ReadModel.class).published();

            String fine = posts.create("alice", "A fine post").id();
            posts.publish(fine, "alice", 1);
            String poisoned = posts.create("alice", "Poison pill").id();
            posts.publish(poisoned, "alice", 1);

            // the login form, in the browser: 401 shows it, an operator's token gets in
            browser.driver.get(console.uri().toString());
            browser.driver
                    .findElement(By.id("token"))
                    .sendKeys(auth.developmentToken("olivia", Authentication.OPERATOR_ROLE));
            browser.driver.findElement(By.id("log-in")).click();
            assertThat(browser.await(By.tagName("header")).getText())
                    .as("the page after logging in")
                    .contains("escqrs operator console", "olivia", "Log out");

            String row = "section[data-runner='published-posts'] tr.parked-aggregate[data-aggregate-id='%s']"
                    .formatted(poisoned);
            browser.reloadUntil(
                    "post " + poisoned + " parked",
                    () -> !browser.driver.findElements(By.cssSelector(row)).isEmpty());
            WebElement parked = browser.driver.findElement(By.cssSelector(row));
            assertThat(parked.findElement(By.cssSelector("td[data-field='head']"))
                            .getText())
                    .contains("version 1", "BlogPostCreated");
            assertThat(parked.findElement(By.cssSelector("pre.event-json")).getText())
                    .contains("Poison pill");
            assertThat(parked.findElement(By.cssSelector(".error-message")).getText())
                    .contains("cannot handle the title 'Poison pill'");
            assertThat(parked.getText()).contains("waits for an operator");
            assertThat(browser.driver
                            .findElement(
                                    By.cssSelector("section[data-runner='published-posts'] td[data-field='parked']"))
                            .getText())
                    .isEqualTo("1");
            // every other post flows
            assertThat(published.appliedVersion(BlogPosts.BLOG_POST.name(), fine))
                    .isEqualTo(2);
            if (store.equals("memory")) {
                byte[] page = ((TakesScreenshot) browser.driver).getScreenshotAs(OutputType.BYTES);
                Files.write(SCREENSHOT, page);
                if (Boolean.getBoolean("escqrs-test.screenshots.update")) {
                    Files.write(DOCS_SCREENSHOT, page); // a test run leaves the tree as it was unless asked
                }
            }

            bug.present.set(false);
            browser.driver.findElement(By.cssSelector(row + " button.retry")).click();
            assertThat(browser.await(By.id("flash")).getText())
                    .contains("retry of BlogPost " + poisoned + " asked by olivia");
            browser.reloadUntil(
                    "nothing parked for published-posts",
                    () -> browser.driver
                                    .findElements(
                                            By.cssSelector("section[data-runner='published-posts'] .parked-empty"))
                                    .size()
                            == 1);
            assertThat(browser.driver.findElements(By.cssSelector("tr.parked-aggregate")))
                    .isEmpty();

            assertThat(published.appliedVersion(BlogPosts.BLOG_POST.name(), poisoned))
                    .isEqualTo(2);
            assertThat(published.appliedVersion(BlogPosts.BLOG_POST.name(), fine))
                    .isEqualTo(2);
            List<String> listed = published.published(10, Optional.empty()).posts().stream()
                    .map(PublishedPosts.Summary::id)
                    .toList();
            assertThat(listed).containsExactlyInAnyOrder(fine, poisoned);
        }
    }
}
