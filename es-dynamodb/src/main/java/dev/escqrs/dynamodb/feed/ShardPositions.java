package dev.escqrs.dynamodb.feed;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escqrs.core.error.FeedPositionLostException;
import dev.escqrs.core.error.FeedPositionLostException.Reason;
import dev.escqrs.core.error.InvalidInputException;
import dev.escqrs.core.port.Checkpoint;
import dev.escqrs.dynamodb.internal.DynamoDbJson;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The checkpoint of {@link DynamoDbChangeFeed}, as JSON: the stream's ARN and the last sequence number read per shard,
 * {@value #DONE} for a closed shard read to its end.
 */
final class ShardPositions {
    static final String DONE = "done";

    private static final ObjectMapper MAPPER = DynamoDbJson.PLAIN;

    private ShardPositions() {}

    /**
     * The positions per shard in {@code checkpoint}, none at the start; a checkpoint of another stream than {@code arn},
     * the events table's, is lost.
     */
    static Map<String, String> read(Checkpoint checkpoint, String arn, String eventsTable) {
        Map<String, String> positions = new LinkedHashMap<>();
        if (checkpoint.isStart()) {
            return positions;
        }
        try {
            JsonNode json = MAPPER.readTree(checkpoint.value());
            if (!json.has("stream")) {
                throw new InvalidInputException(
                        "'%s' is not a checkpoint of the DynamoDB change feed".formatted(checkpoint.value()));
            }
            if (!arn.equals(json.path("stream").asText())) {
                throw new FeedPositionLostException(
                        Reason.STREAM_REPLACED,
                        ("the checkpoint is for stream %s, but the "
                                        + "events table %s now has stream %s (restored, or its stream enabled again)")
                                .formatted(json.path("stream").asText(), eventsTable, arn));
            }
            json.path("shards")
                    .properties()
                    .forEach(e -> positions.put(e.getKey(), e.getValue().asText()));
            return positions;
        } catch (JsonProcessingException e) {
            throw new InvalidInputException(
                    "'%s' is not a checkpoint of the DynamoDB change feed".formatted(checkpoint.value()));
        }
    }

    static Checkpoint write(String arn, Map<String, String> positions) {
        ObjectNode json = MAPPER.createObjectNode().put("stream", arn);
        ObjectNode shards = json.putObject("shards");
        positions.forEach(shards::put);
        return new Checkpoint(json.toString());
    }
}
