package dev.refinery.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class CheckoutTest {

    @Test
    void theRootIsTheRepositoryAroundTheModuleWhoseTestsRun() throws java.io.IOException {
        // surefire runs a module's tests in its own folder, functions/testkit
        assertThat(Checkout.root()).hasValueSatisfying(root -> {
            assertThat(root.resolve("functions/testkit/pom.xml")).isRegularFile();
            assertThat(Checkout.path("events")).isEqualTo(root.resolve("events")).isDirectory();
        });
        assertThat(Files.isSameFile(Checkout.path("functions/testkit"), java.nio.file.Path.of("").toAbsolutePath())).isTrue();
    }
}
