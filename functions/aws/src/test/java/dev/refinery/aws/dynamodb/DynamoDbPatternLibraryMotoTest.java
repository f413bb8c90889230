package dev.refinery.aws.dynamodb;

import dev.refinery.application.ports.PatternLibraryContract;
import dev.refinery.testkit.MotoServer;
import dev.refinery.aws.testing.MotoStack;
import dev.refinery.application.ports.PatternLibrary;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/** The pattern library's contract on DynamoDB (moto_server on 127.0.0.1). */
@ExtendWith(MotoServer.class)
class DynamoDbPatternLibraryMotoTest extends PatternLibraryContract {
    private static DynamoDbPatternLibrary library;

    @BeforeAll
    static void table() {
        MotoStack stack = MotoStack.create();
        library = new DynamoDbPatternLibrary(stack.dynamoDb, stack.table);
    }

    @Override
    protected PatternLibrary library() {
        return library;
    }

    /** moto_server races concurrent updates of one item; DynamoDB applies them atomically. */
    @Override
    protected boolean storeSerialisesUpdates() {
        return false;
    }
}
