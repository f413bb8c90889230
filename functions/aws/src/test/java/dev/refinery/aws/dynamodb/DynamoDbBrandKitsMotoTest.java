package dev.refinery.aws.dynamodb;

import dev.refinery.application.ports.BrandKitsContract;
import dev.refinery.aws.testing.MotoStack;
import dev.refinery.ports.BrandKits;
import dev.refinery.testkit.MotoServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/** The brand kits' contract on DynamoDB (moto_server on 127.0.0.1). */
@ExtendWith(MotoServer.class)
class DynamoDbBrandKitsMotoTest extends BrandKitsContract {
    private static DynamoDbBrandKits kits;

    @BeforeAll
    static void table() {
        MotoStack stack = MotoStack.create();
        kits = new DynamoDbBrandKits(stack.dynamoDb, stack.table);
    }

    @Override
    protected BrandKits kits() {
        return kits;
    }

    /** moto_server races concurrent conditional puts; DynamoDB applies them atomically. */
    @Override
    protected boolean storeSerialisesWrites() {
        return false;
    }
}
