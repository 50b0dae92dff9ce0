package dev.escqrs.benchmarks.dynamodb;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.escqrs.core.aggregate.AggregateType;
import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.command.CommandHandler;
import dev.escqrs.core.command.CommandRequest;
import dev.escqrs.core.decider.Decider;
import dev.escqrs.core.privacy.DataKeys;
import dev.escqrs.dynamodb.DynamoDbDataKeys;
import dev.escqrs.dynamodb.DynamoDbEventStore;
import dev.escqrs.dynamodb.DynamoDbTables;
import dev.escqrs.dynamodb.table.StorageMode;
import dev.escqrs.dynamodb.table.TableNames;
import dev.escqrs.testkit.dynamodb.DynamoDbTestServer;
import dev.escqrs.testkit.internal.Member;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * What crypto-shredding costs a command, on moto: the same commands (a member joins with an email and a name, then
 * changes the email and visits pages in turn) on an aggregate whose email and name are {@code @PersonalData} and on its
 * twin without the marks ({@link PlainMembers}), in two-item and one-item mode. It counts the KMS calls and the key
 * table's requests per command, with {@link DynamoDbDataKeys}' default cache (five minutes) and with no cache (a
 * process per command, the worst case), and the bytes of the DynamoDB requests per command (what the encrypted values
 * and their envelope add). Prints JSON on stdout; the last lines on stderr are the headline figures.
 *
 * <pre>{@code java ... PrivacyCost http://127.0.0.1:5000 privacy- 200 10}</pre>
 */
public final class PrivacyCost {
    private static final String[] KMS_CALLS = {"GenerateDataKey", "Decrypt"};
    private static final String[] WRITES = {"PutItem", "TransactWriteItems", "UpdateItem"};

    public static void main(String[] args) throws Exception {
        URI endpoint = URI.create(args[0]);
        String prefix = args.length > 1 ? args[1] : "privacy-";
        int members = args.length > 2 ? Integer.parseInt(args[2]) : 200;
        int commandsPerMember = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        ObjectMapper json = new ObjectMapper();
        ArrayNode runs = json.createArrayNode();
        OperationCounter dynamoWire = new OperationCounter();
        OperationCounter kmsWire = new OperationCounter();
        try (SdkHttpClient http = Apache5HttpClient.builder().maxConnections(1).build();
                DynamoDbClient client = DynamoDbClient.builder()
                        .endpointOverride(endpoint)
                        .region(DynamoDbTestServer.REGION)
                        .credentialsProvider(DynamoDbTestServer.credentials())
                        .httpClient(http)
                        .overrideConfiguration(c -> c.addExecutionInterceptor(dynamoWire))
                        .build();
                KmsClient kms = KmsClient.builder()
                        .endpointOverride(endpoint)
                        .region(DynamoDbTestServer.REGION)
                        .credentialsProvider(DynamoDbTestServer.credentials())
                        .httpClient(http)
                        .overrideConfiguration(c -> c.addExecutionInterceptor(kmsWire))
                        .build()) {
            String kmsKey = kms.createKey(b -> b.description("escqrs PrivacyCost"))
                    .keyMetadata()
                    .keyId();
            for (StorageMode mode : StorageMode.values()) {
                for (String variant : List.of("plain", "personal, cached keys", "personal, no cache")) {
                    TableNames tables = TableNames.withPrefix(
                                    prefix + mode.name().toLowerCase().replace('_', '-') + "-"
                                            + variant.replaceAll("[^a-z]+", "-") + "-")
                            .withStorage(mode);
                    DynamoDbTables created = new DynamoDbTables(client, tables);
                    created.createTables(List.of(Member.NAME, PlainMembers.PLAIN.name()));
                    created.createKeysTable();
                    dynamoWire.reset();
                    kmsWire.reset();
                    long commands = variant.equals("plain")
                            ? run(
                                    PlainMembers.PLAIN,
                                    PlainMembers.PLAIN_DECIDER,
                                    new DynamoDbEventStore(client, tables, JsonCodec.of(PlainMembers.PLAIN)),
                                    members,
                                    commandsPerMember)
                            : run(
                                    Member.MEMBER,
                                    Member.DECIDER,
                                    new DynamoDbEventStore(
                                            client,
                                            tables,
                                            JsonCodec.of(Member.MEMBER)
                                                    .withPersonalData(keys(
                                                            client,
                                                            kms,
                                                            tables,
                                                            kmsKey,
                                                            variant.endsWith("no cache")))),
                                    members,
                                    commandsPerMember);
                    ObjectNode run = runs.addObject();
                    run.put("storage", mode.name());
                    run.put("variant", variant);
                    run.put("commands", commands);
                    run.put("kmsCallsPerCommand", (double) kmsWire.requests(KMS_CALLS) / commands);
                    run.put("keyTableRequestsPerCommand", (double) dynamoWire.keyTableRequests() / commands);
                    run.put(
                            "dynamoDbRequestsPerCommand",
                            (double) dynamoWire.requests.values().stream()
                                            .mapToLong(AtomicLong::get)
                                            .sum()
                                    / commands);
                    run.put("writeRequestBytesPerCommand", (double) dynamoWire.bytes(WRITES) / commands);
                    run.put("kmsRequestBytesPerCommand", (double) kmsWire.bytes(KMS_CALLS) / commands);
                    created.deleteTables(List.of(Member.NAME, PlainMembers.PLAIN.name()));
                }
            }
        }
        System.out.println(json.writerWithDefaultPrettyPrinter().writeValueAsString(runs));
        for (var run : runs) {
            System.err.printf(
                    ("%s, %s: %.3f KMS calls, %.3f key table requests, %.2f DynamoDB requests in all, %.0f "
                            + "bytes of event and row writes per command%n"),
                    run.get("storage").asText(),
                    run.get("variant").asText(),
                    run.get("kmsCallsPerCommand").asDouble(),
                    run.get("keyTableRequestsPerCommand").asDouble(),
                    run.get("dynamoDbRequestsPerCommand").asDouble(),
                    run.get("writeRequestBytesPerCommand").asDouble());
        }
    }

    private static DataKeys keys(
            DynamoDbClient client, KmsClient kms, TableNames tables, String kmsKey, boolean uncached) {
        DynamoDbDataKeys.Builder builder = DynamoDbDataKeys.builder(client, kms, tables, kmsKey);
        return (uncached ? builder.cache(0, Duration.ZERO) : builder).build();
    }

    /** Each member joins, then changes the email and visits a page in turn; the number of commands run. */
    private static <E, S> long run(
            AggregateType<E, S> type,
            Decider<Member.Command, E, S> decider,
            DynamoDbEventStore store,
            int members,
            int commandsPerMember) {
        CommandHandler<Member.Command, E, S> handler =
                CommandHandler.builder(type, decider).store(store, store).build();
        long commands = 0;
        for (int m = 0; m < members; m++) {
            String id = "member-" + m;
            handler.handle(CommandRequest.createWithId(
                    id, id, new Member.Join(id, id + "@mail.example.com", "Member Number " + m)));
            commands++;
            for (int c = 1; c < commandsPerMember; c++) {
                Member.Command command = c % 2 == 1
                        ? new Member.ChangeEmail(id + "+" + c + "@mail.example.com")
                        : new Member.Visit("/page/" + c);
                handler.handle(CommandRequest.update(id, id, command));
                commands++;
            }
        }
        return commands;
    }
}
