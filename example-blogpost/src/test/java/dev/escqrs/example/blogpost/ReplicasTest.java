package dev.escqrs.example.blogpost;

import static dev.escqrs.example.blogpost.ServiceUnderTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.escqrs.example.blogpost.app.InProcessIndexer;
import dev.escqrs.example.blogpost.http.Authentication;
import dev.escqrs.testkit.contract.Eventually;
import dev.escqrs.testkit.dynamodb.DynamoDbTestServer;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Two replicas of the service on the same tables, as the template's two tasks (here with the indexer in the service):
 * the read model, the workflow and the indexer each run on one of them under a lease, the other stands by and is
 * healthy (its /health says so of each); a write through either is read back through either; when a holder stops,
 * the other takes over.
 */
class ReplicasTest {
    private static final Authentication AUTH = Authentication.development();

    private static String phase(ServiceUnderTest service, String runner) {
        return json(service.send("GET", "/health", null))
                .path(runner)
                .path("phase")
                .asText();
    }

    private static Set<String> phases(List<ServiceUnderTest> replicas, String runner) {
        return replicas.stream().map(r -> phase(r, runner)).collect(Collectors.toSet());
    }

    private static long indexed(ServiceUnderTest service) {
        return service.injector()
                .getInstance(InProcessIndexer.class)
                .status()
                .orElseThrow()
                .entries();
    }

    private static String publishedPost(ServiceUnderTest service, String title) {
        String id = service.created(title);
        assertThat(service.send("POST", "/posts/" + id + "/publish", null, "X-Actor-Id", "alice", "If-Match", "\"1\"")
                        .statusCode())
                .isEqualTo(200);
        return id;
    }

    private static long alicesPosts(ServiceUnderTest service) {
        HttpResponse<String> author = service.send("GET", "/authors/alice", null);
        return author.statusCode() == 200 ? json(author).get("publishedPosts").asLong() : 0;
    }

    @Test
    void each_runner_runs_on_one_replica_the_other_stands_by_healthy_and_takes_over_when_it_stops() {
        String prefix = DynamoDbTestServer.get().tablePrefix(getClass());
        try (DynamoDbTestServer.SerialClients shared = DynamoDbTestServer.get().serialClients(b -> {});
                ServiceUnderTest first = ServiceUnderTest.onTables(AUTH, prefix, shared.http());
                ServiceUnderTest second = ServiceUnderTest.onTables(AUTH, prefix, shared.http())) {
            List<ServiceUnderTest> both = List.of(first, second);
            Eventually.await(
                    "one replica tailing and one standing by, for the read model, workflow and indexer",
                    () -> phases(both, "readModel").equals(Set.of("tailing", "standby"))
                            && phases(both, "workflows").equals(Set.of("tailing", "standby"))
                            && phases(both, "indexer").equals(Set.of("tailing", "standby")));
            ServiceUnderTest holder = phase(first, "readModel").equals("tailing") ? first : second;
            ServiceUnderTest standby = holder == first ? second : first;

            String id = publishedPost(standby, "Written through the replica that stands by");

            for (ServiceUnderTest replica : both) {
                HttpResponse<String> listed = replica.send("GET", "/posts?published=true&waitFor=" + id + ":2", null);
                assertThat(listed.statusCode())
                        .as("read your write through either replica: %s", listed.body())
                        .isEqualTo(200);
                assertThat(listed.body()).contains(id);
                JsonNode health = json(replica.send("GET", "/health", null));
                assertThat(health.get("status").asText())
                        .as("standing by is healthy: %s", health)
                        .isEqualTo("up");
            }
            Eventually.await("alice's profile to count the post", () -> alicesPosts(standby) == 1);
            assertThat(both.stream().filter(r -> indexed(r) > 0).count())
                    .as("one replica reads the Stream")
                    .isEqualTo(1);
            assertThat(holder.send("GET", "/metrics", null).body())
                    .contains("escqrs_projection_healthy{projection=\"published-posts\"} 1.0");
            assertThat(standby.send("GET", "/metrics", null).body())
                    .as("a replica that stands by reports no lag")
                    .contains("escqrs_projection_healthy{projection=\"published-posts\"} NaN");

            holder.close();

            String next = publishedPost(standby, "After the holder stopped");
            Eventually.await(
                    "the other replica to take the read model over",
                    () -> standby.send("GET", "/posts?published=true", null)
                            .body()
                            .contains(next));
            Eventually.await("and the workflow", () -> alicesPosts(standby) == 2);
            assertThat(phase(standby, "readModel")).isEqualTo("tailing");
            assertThat(phase(standby, "workflows")).isEqualTo("tailing");
            assertThat(indexed(standby)).as("and the indexer").isPositive();
            Eventually.await(
                    "its health to show the indexer tailing",
                    () -> phase(standby, "indexer").equals("tailing"));
        }
    }
}
