package xyz.peaq.os.sdk.errors;

import java.util.Objects;

/**
 * Bad or missing input, detected before any I/O. {@link #field()} names the variable or parameter.
 * A missing required value has exactly the message {@code ValidationError: <NAME> is required}.
 */
public final class ValidationException extends PeaqosException {
  private final String field;

  public ValidationException(String field, String message) {
    super(message);
    this.field = Objects.requireNonNull(field, "field");
  }

  /** The message the official SDKs give for a missing required variable. */
  public static ValidationException required(String name) {
    return new ValidationException(name, "ValidationError: " + name + " is required");
  }

  public String field() {
    return field;
  }
}
