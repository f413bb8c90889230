import java.util.Map;

/** The benchmark's floor: a handler that does nothing, run by the same Runtime Interface Client. */
public class Baseline {
  public Map<String, Object> handleRequest(Map<String, Object> event) {
    return Map.of("echoed", event.size());
  }
}
