package xyz.peaq.os.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HttpLimitsTest {
  @Test
  void jsonStringEscapesWhatJsonRequiresAndReadsBackUnchanged() throws Exception {
    String hostile = "a\"b\\c\nd\u0000e\u001ff</script>é";
    String literal = HttpLimits.jsonString(hostile);
    assertThat(literal)
        .startsWith("\"")
        .endsWith("\"")
        .doesNotContain("\n")
        .doesNotContain("\u0000");
    assertThat(new ObjectMapper().readValue(literal, String.class)).isEqualTo(hostile);
  }

  @Test
  void badLimitsAreRefusedNamingTheField() {
    HttpLimits.ErrorBody body = (s, r) -> "{}";
    assertThatThrownBy(() -> HttpLimits.of("t", 0, Duration.ofSeconds(1), body))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("maxConnections must be at least 1, was 0");
    assertThatThrownBy(() -> HttpLimits.of("t", 10, Duration.ZERO, body))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("idleTimeout must be positive");
  }
}
