package xyz.peaq.os.sdk.http;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One HTTP request of the SDK.
 *
 * @param method {@code GET} or {@code POST}
 * @param url absolute http(s) URL
 * @param headers request headers (unmodifiable)
 * @param body the body of a POST, null for a GET
 * @param timeout how long the whole call may take, connection and answer included
 */
public record HttpCall(
    String method, String url, Map<String, String> headers, byte[] body, Duration timeout) {

  public HttpCall {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, got " + timeout);
    }
    headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
  }

  /** A GET that accepts JSON. */
  public static HttpCall getJson(String url, Duration timeout) {
    return new HttpCall(
        "GET", url, Collections.singletonMap("Accept", "application/json"), null, timeout);
  }

  /** A POST of a JSON body that accepts JSON. */
  public static HttpCall postJson(String url, byte[] body, Duration timeout) {
    Map<String, String> headers = new LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    headers.put("Accept", "application/json");
    return new HttpCall("POST", url, headers, Objects.requireNonNull(body, "body"), timeout);
  }

  @Override
  public String toString() {
    // The body may carry a 2FA code or a signed transaction: never printed.
    return "HttpCall[" + method + " " + url + "]";
  }
}
