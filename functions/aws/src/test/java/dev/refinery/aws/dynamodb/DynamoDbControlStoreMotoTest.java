package dev.refinery.aws.dynamodb;

import dev.refinery.aws.ControlStoreContract;
import dev.refinery.aws.ports.CatalogStore;
import dev.refinery.aws.ports.SessionEventLog;
import dev.refinery.aws.ports.UploadLedger;
import dev.refinery.aws.testing.MotoStack;
import dev.refinery.testkit.MotoServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(MotoServer.class)
class DynamoDbControlStoreMotoTest extends ControlStoreContract {
    private static DynamoDbSessionStore store;

    @BeforeAll
    static void table() {
        MotoStack stack = MotoStack.create();
        store = new DynamoDbSessionStore(stack.dynamoDb, stack.table);
    }

    @Override
    protected CatalogStore catalog() {
        return store;
    }

    @Override
    protected UploadLedger ledger() {
        return store;
    }

    @Override
    protected SessionEventLog events() {
        return store;
    }

    /** moto_server races a condition and its write under concurrent requests; DynamoDB applies them atomically. */
    @Override
    protected boolean storeSerialisesConditionalWrites() {
        return false;
    }
}
