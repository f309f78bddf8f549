package xyz.peaq.os.cli.util;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import xyz.peaq.os.cli.Out;

/** JSON output for {@code --json}: one document on stdout. */
public final class Json {
  public static final ObjectMapper MAPPER =
      new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS).findAndRegisterModules();

  private Json() {}

  public static void print(Object value) {
    print(MAPPER, value);
  }

  /**
   * Prints with another mapper, e.g. one that names record fields the way a service's JSON does.
   */
  public static void print(ObjectMapper mapper, Object value) {
    try {
      Out.result(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise result", e);
    }
  }

  public static String line(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise", e);
    }
  }
}
