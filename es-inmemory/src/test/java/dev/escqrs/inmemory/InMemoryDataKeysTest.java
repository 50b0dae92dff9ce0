package dev.escqrs.inmemory;

import dev.escqrs.core.privacy.DataKeys;
import dev.escqrs.testkit.contract.DataKeysContract;

/** {@link DataKeys#inMemory()} against the data keys contract: one store, so every "instance" is the same. */
class InMemoryDataKeysTest extends DataKeysContract {
    private final DataKeys keys = DataKeys.inMemory();

    @Override
    protected DataKeys keys() {
        return keys;
    }
}
