package dev.refinery.aws.dynamodb;

import dev.refinery.application.ports.ControlStoreContract;
import dev.refinery.application.ports.CatalogStore;
import dev.refinery.application.ports.SessionEventLog;
import dev.refinery.application.ports.UploadLedger;
import dev.refinery.aws.testing.MotoStack;
import dev.refinery.testkit.MotoServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(MotoServer.class)
class DynamoDbControlStoreMotoTest extends ControlStoreContract {
    private static DynamoDbCatalogStore catalog;
    private static DynamoDbUploadLedger ledger;
    private static DynamoDbSessionEventLog events;

    /** Each port's own adapter, all three on one table as deployed. */
    @BeforeAll
    static void table() {
        MotoStack stack = MotoStack.create();
        catalog = new DynamoDbCatalogStore(stack.dynamoDb, stack.table);
        ledger = new DynamoDbUploadLedger(stack.dynamoDb, stack.table);
        events = new DynamoDbSessionEventLog(stack.dynamoDb, stack.table);
    }

    @Override
    protected CatalogStore catalog() {
        return catalog;
    }

    @Override
    protected UploadLedger ledger() {
        return ledger;
    }

    @Override
    protected SessionEventLog events() {
        return events;
    }

    /** moto_server races a condition and its write under concurrent requests; DynamoDB applies them atomically. */
    @Override
    protected boolean storeSerialisesConditionalWrites() {
        return false;
    }
}
