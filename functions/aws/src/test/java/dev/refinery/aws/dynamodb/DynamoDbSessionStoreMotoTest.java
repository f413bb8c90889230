package dev.refinery.aws.dynamodb;

import dev.refinery.aws.testing.MotoStack;
import dev.refinery.ports.SessionStore;
import dev.refinery.testkit.MotoServer;
import dev.refinery.testkit.SessionStoreContract;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/** The SessionStore contract on DynamoDB (moto_server on 127.0.0.1). */
@ExtendWith(MotoServer.class)
class DynamoDbSessionStoreMotoTest extends SessionStoreContract {
    private static DynamoDbSessionStore store;

    @BeforeAll
    static void table() {
        MotoStack stack = MotoStack.create();
        store = new DynamoDbSessionStore(stack.dynamoDb, stack.table);
    }

    @Override
    protected SessionStore store() {
        return store;
    }

    /** moto_server races a condition and its write under concurrent requests; DynamoDB applies them atomically. */
    @Override
    protected boolean storeSerialisesConditionalWrites() {
        return false;
    }
}
