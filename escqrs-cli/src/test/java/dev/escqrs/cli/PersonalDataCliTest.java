package dev.escqrs.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.command.CommandHandler;
import dev.escqrs.core.command.CommandRequest;
import dev.escqrs.core.privacy.DataKeys;
import dev.escqrs.dynamodb.DynamoDbDataKeys;
import dev.escqrs.dynamodb.DynamoDbEventStore;
import dev.escqrs.dynamodb.DynamoDbTables;
import dev.escqrs.dynamodb.table.TableNames;
import dev.escqrs.testkit.dynamodb.DynamoDbTestServer;
import dev.escqrs.testkit.internal.Member;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * verify and repair on rows that hold personal data: with {@code --kms-key} they compare what the rows say, not their
 * ciphertext (a fresh nonce each write), and without it they say that the data cannot be read.
 */
class PersonalDataCliTest {
    private static final EscqrsCli CLI =
            EscqrsCli.builder().aggregate(Member.MEMBER, Member.DECIDER).build();
    private final DynamoDbTestServer server = DynamoDbTestServer.get();
    private final String prefix = server.tablePrefix(PersonalDataCliTest.class);
    private final TableNames tables = TableNames.withPrefix(prefix);
    private final DynamoDbClient client = server.oneConnectionClient();
    private final KmsClient kms = server.kmsClient();
    private final String kmsKey = kms.createKey(b -> b.description("PersonalDataCliTest"))
            .keyMetadata()
            .keyId();

    PersonalDataCliTest() {
        DynamoDbTables created = new DynamoDbTables(client, tables);
        created.createTables(List.of(Member.NAME));
        created.createKeysTable();
        DataKeys keys = DynamoDbDataKeys.builder(client, kms, tables, kmsKey).build();
        DynamoDbEventStore store = new DynamoDbEventStore(
                client, tables, JsonCodec.of(Member.MEMBER).withPersonalData(keys));
        CommandHandler<Member.Command, Member.Event, Member.State> members = CommandHandler.builder(
                        Member.MEMBER, Member.DECIDER)
                .store(store, store)
                .build();
        members.handle(CommandRequest.createWithId("ann", "ann", new Member.Join("ann", "ann@example.com", "Ann")));
        members.handle(CommandRequest.update("ann", "ann", new Member.ChangeEmail("ann@new.example")));
        members.handle(CommandRequest.update("ann", "ann", new Member.Visit("/home")));
    }

    @AfterEach
    void close() {
        new DynamoDbTables(client, tables).deleteTables(List.of(Member.NAME));
        client.close();
        kms.close();
    }

    private RestoredTables.Run cli(String... command) {
        return RestoredTables.run(
                CLI,
                Stream.concat(
                                Stream.of(command),
                                Stream.of(
                                        "--endpoint",
                                        server.endpoint().toString(),
                                        "--emulator",
                                        "--table-prefix",
                                        prefix))
                        .toArray(String[]::new));
    }

    @Test
    void with_the_kms_key_rows_with_personal_data_verify_clean_and_repair_writes_nothing() {
        RestoredTables.Run verify = cli("verify", "--kms-key", kmsKey);
        assertThat(verify.code()).as(verify.out() + verify.err()).isZero();
        assertThat(verify.out()).contains("every row equals its events");

        RestoredTables.Run repair = cli("repair", "--kms-key", kmsKey);
        assertThat(repair.code()).as(repair.out() + repair.err()).isZero();
        assertThat(repair.out()).doesNotContain("ann@example.com", "ann@new.example");
    }

    @Test
    void without_the_kms_key_verify_says_the_personal_data_cannot_be_read() {
        RestoredTables.Run verify = cli("verify");
        assertThat(verify.code()).as(verify.out() + verify.err()).isNotZero();
        assertThat(verify.out() + verify.err()).contains("no key store").doesNotContain("ann@example.com");
    }
}
