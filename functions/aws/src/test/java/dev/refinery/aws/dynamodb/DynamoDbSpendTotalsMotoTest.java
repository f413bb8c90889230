package dev.refinery.aws.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.refinery.aws.testing.MotoStack;
import dev.refinery.ports.SpendTotals;
import dev.refinery.testkit.MotoServer;
import dev.refinery.testkit.SpendTotalsContract;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The SpendTotals contract on DynamoDB (moto_server on 127.0.0.1), and its months. */
@ExtendWith(MotoServer.class)
class DynamoDbSpendTotalsMotoTest extends SpendTotalsContract {
    private static MotoStack stack;
    private static DynamoDbSpendTotals totals;

    @BeforeAll
    static void table() {
        stack = MotoStack.create();
        totals = new DynamoDbSpendTotals(stack.dynamoDb, stack.table, Clock.systemUTC());
    }

    @Override
    protected SpendTotals totals() {
        return totals;
    }

    /** moto_server races concurrent UpdateItem ADDs (a lost add in CI); DynamoDB applies each atomically. */
    @Override
    protected boolean storeSerialisesUpdates() {
        return false;
    }

    @Test
    void eachMonthStartsFromZeroAndContainersShareTheTotal() {
        Clock november = Clock.fixed(Instant.parse("2026-11-30T23:59:00Z"), ZoneOffset.UTC);
        Clock december = Clock.fixed(Instant.parse("2026-12-01T00:01:00Z"), ZoneOffset.UTC);
        DynamoDbSpendTotals containerA = new DynamoDbSpendTotals(stack.dynamoDb, stack.table, november);
        DynamoDbSpendTotals containerB = new DynamoDbSpendTotals(stack.dynamoDb, stack.table, november);
        containerA.add("month-test", 0.30);
        containerB.add("month-test", 0.45);
        assertThat(containerA.spent("month-test")).isEqualTo(0.75);
        assertThat(new DynamoDbSpendTotals(stack.dynamoDb, stack.table, december).spent("month-test")).isZero();
    }
}
