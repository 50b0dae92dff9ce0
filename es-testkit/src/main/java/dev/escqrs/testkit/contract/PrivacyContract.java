package dev.escqrs.testkit.contract;

import static dev.escqrs.testkit.internal.Member.MEMBER;

import dev.escqrs.core.codec.JsonCodec;
import dev.escqrs.core.privacy.DataKeys;
import dev.escqrs.testkit.internal.Member;
import dev.escqrs.testkit.store.StoreFixture;
import dev.escqrs.testkit.store.Stores;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;

/**
 * Crypto-shredding, the same on every store: personal data is stored encrypted, and after its subject is forgotten
 * every read path (command handler reads and commands, history reads, the change feed, a projection's rebuild) shows
 * it erased, no byte the store holds contains it, and everyone else's data reads as before; the same scenario has one
 * outcome pure and on the store. Subclass it per adapter; stores with a table per aggregate type need one for
 * {@link #AGGREGATE_NAMES}.
 */
public abstract class PrivacyContract {
    /** The aggregate types this contract writes. */
    public static final List<String> AGGREGATE_NAMES = List.of(Member.NAME);

    protected PrivacyContract() {}

    /** The adapter under test. */
    protected abstract StoreFixture fixture();

    /**
     * Everything the store holds, read raw as an operator would (every item of every table it writes, every event
     * and row as stored), as text.
     */
    protected abstract String everythingStored(Stores stores);

    final DataKeys keys = DataKeys.inMemory();
    final JsonCodec codec = JsonCodec.of(MEMBER).withPersonalData(keys);
    Stores stores;

    @BeforeEach
    void createStore() {
        stores = fixture().create(codec);
    }

    @AfterEach
    void releaseStore() {
        stores.close();
    }

    @Nested
    class Encryption extends PrivacyEncryption {
        Encryption() {
            super(PrivacyContract.this);
        }
    }

    @Nested
    class Forgetting extends PrivacyForgetting {
        Forgetting() {
            super(PrivacyContract.this);
        }
    }

    @Nested
    class ReadModels extends PrivacyReadModels {
        ReadModels() {
            super(PrivacyContract.this);
        }
    }
}
