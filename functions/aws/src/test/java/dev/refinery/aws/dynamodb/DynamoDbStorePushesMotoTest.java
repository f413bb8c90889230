package dev.refinery.aws.dynamodb;

import dev.refinery.application.ports.StorePushes;
import dev.refinery.application.ports.StorePushesContract;
import dev.refinery.aws.testing.MotoStack;
import dev.refinery.testkit.MotoServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/** The store pushes' contract on DynamoDB (moto_server on 127.0.0.1). */
@ExtendWith(MotoServer.class)
class DynamoDbStorePushesMotoTest extends StorePushesContract {
    private static DynamoDbStorePushes pushes;

    @BeforeAll
    static void table() {
        MotoStack stack = MotoStack.create();
        pushes = new DynamoDbStorePushes(stack.dynamoDb, stack.table);
    }

    @Override
    protected StorePushes pushes() {
        return pushes;
    }
}
