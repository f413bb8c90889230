package dev.refinery.aws.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.refinery.aws.Json;
import dev.refinery.aws.handlers.HandlerTelemetryTest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.ThreadContext;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.config.DefaultConfiguration;
import org.apache.logging.log4j.core.impl.Log4jLogEvent;
import org.apache.logging.log4j.layout.template.json.JsonTemplateLayout;
import org.apache.logging.log4j.message.SimpleMessage;
import org.junit.jupiter.api.Test;

/**
 * The Lambda log line: the production log4j2.xml lays lines out with Powertools' LambdaJsonLayout, which carries
 * the invocation's context (set by {@link Observability#logged}) and the handlers' ThreadContext (tenant, session).
 */
class LambdaLogLayoutTest {

    @Test
    void theProductionConfigurationUsesPowertoolsLambdaLayout() throws Exception {
        assertThat(Files.readString(Path.of("src/main/resources/log4j2.xml"))).contains("classpath:LambdaJsonLayout.json");
    }

    @Test
    void aLineCarriesTheRequestIdFunctionAndTheHandlersContext() {
        JsonTemplateLayout layout = JsonTemplateLayout.newBuilder().setConfiguration(new DefaultConfiguration())
                .setEventTemplateUri("classpath:LambdaJsonLayout.json").build();
        String line = Observability.logged(HandlerTelemetryTest.lambdaContext("req-42"), () -> {
            ThreadContext.put("tenant", "acme");
            ThreadContext.put("sessionId", "s-1");
            LogEvent e = Log4jLogEvent.newBuilder().setLoggerName("test").setLevel(Level.INFO)
                    .setMessage(new SimpleMessage("stage lighting done")).setContextData(
                            org.apache.logging.log4j.core.impl.ContextDataFactory.createContextData(ThreadContext.getContext())).build();
            return layout.toSerializable(e);
        });
        JsonNode json = Json.tree(line);
        assertThat(json.path("function_request_id").asText()).isEqualTo("req-42");
        assertThat(json.path("function_name").asText()).isEqualTo("refinery-test");
        assertThat(json.path("message").asText()).isEqualTo("stage lighting done");
        assertThat(json.path("tenant").asText()).isEqualTo("acme");
        assertThat(json.path("sessionId").asText()).isEqualTo("s-1");
        assertThat(json.has("cold_start")).isTrue();
    }
}
