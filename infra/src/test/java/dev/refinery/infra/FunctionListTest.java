package dev.refinery.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** infra reads each function's settings from the one list the local runner reads too. */
class FunctionListTest {
  private static Path listFile() {
    return RefineryConfig.findRepoRoot(Path.of("").toAbsolutePath()).resolve(RefineryFunction.LIST_FILE);
  }

  @Test
  void theConstantsAreExactlyTheListsFunctions() {
    var specs = RefineryFunction.read(listFile());
    assertThat(specs).hasSize(RefineryFunction.values().length);
    assertThat(RefineryFunction.stateMachineFunctions()).hasSize(8);
    assertThat(RefineryFunction.QUALITY_CHECK.timeoutSeconds()).isEqualTo(specs.get("QualityCheck").timeoutSeconds());
    assertThat(RefineryFunction.FINALIZE.memoryMb()).isEqualTo(specs.get("Finalize").memoryMb());
    assertThat(RefineryFunction.BASE.callsModel()).isTrue();
    assertThat(RefineryFunction.QUALITY_CHECK.callsModel()).isFalse();
  }

  @Test
  void aListThatDisagreesWithTheConstantsIsRefusedByName(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("functions.json");
    Files.writeString(file, Files.readString(listFile()).replace("\"CatalogRefresh\"", "\"Refresh\""));
    assertThatThrownBy(() -> RefineryFunction.read(file))
        .hasMessageContaining("Refresh").hasMessageContaining("CatalogRefresh");
  }
}
