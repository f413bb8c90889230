package dev.refinery.infra;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class NagProbeTest {
  @Test
  void print() throws Exception {
    var s = TestStacks.defaultStack();
    new ObjectMapper().writerWithDefaultPrettyPrinter().writeValue(Path.of("/tmp/refinery-template.json").toFile(), s.template().toJSON());
  }
}
