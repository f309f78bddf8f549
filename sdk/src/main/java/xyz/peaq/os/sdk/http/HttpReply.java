package xyz.peaq.os.sdk.http;

import java.nio.charset.StandardCharsets;

/**
 * The answer to an {@link HttpCall}: status and the whole body (empty, never null).
 *
 * @param status the HTTP status code
 * @param body the body's bytes
 */
public record HttpReply(int status, byte[] body) {

  public HttpReply {
    body = body == null ? new byte[0] : body;
  }

  /** The body as UTF-8 text. */
  public String text() {
    return new String(body, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "HttpReply[" + status + ", " + body.length + " bytes]";
  }
}
