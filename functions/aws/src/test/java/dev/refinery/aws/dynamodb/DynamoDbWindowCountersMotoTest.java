package dev.refinery.aws.dynamodb;

import dev.refinery.aws.testing.MotoStack;
import dev.refinery.ports.WindowCounters;
import dev.refinery.testkit.MotoServer;
import dev.refinery.testkit.WindowCountersContract;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/** The WindowCounters contract on DynamoDB (moto_server on 127.0.0.1): conditional atomic adds across callers. */
@ExtendWith(MotoServer.class)
class DynamoDbWindowCountersMotoTest extends WindowCountersContract {
    private static DynamoDbWindowCounters counters;

    @BeforeAll
    static void table() {
        MotoStack stack = MotoStack.create();
        counters = new DynamoDbWindowCounters(stack.dynamoDb, stack.table);
    }

    @Override
    protected WindowCounters counters() {
        return counters;
    }

    /** moto_server races a condition and its write under concurrent requests; DynamoDB applies them atomically. */
    @Override
    protected boolean storeSerialisesConditionalWrites() {
        return false;
    }
}
