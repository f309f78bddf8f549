package xyz.peaq.os.sdk.internal.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import xyz.peaq.os.sdk.chain.RetryPolicy;
import xyz.peaq.os.sdk.errors.RpcException;
import xyz.peaq.os.sdk.http.HttpCall;
import xyz.peaq.os.sdk.http.HttpReply;
import xyz.peaq.os.sdk.http.HttpTransport;

/** JSON-RPC 2.0 over HTTP with retries of transport failures. Thread-safe. */
final class JsonRpcTransport {
  private static final Pattern HEX_DATA = Pattern.compile("0x[0-9a-fA-F]*");

  private final String endpoint;
  private final String endpointLabel;
  private final HttpTransport http;
  private final Duration requestTimeout;
  private final RetryPolicy retry;
  private final ObjectMapper mapper;
  private final AtomicLong ids = new AtomicLong();

  JsonRpcTransport(
      URI endpoint,
      HttpTransport http,
      Duration requestTimeout,
      RetryPolicy retry,
      ObjectMapper mapper) {
    this.endpoint = endpoint.toString();
    this.endpointLabel = label(endpoint);
    this.requestTimeout = requestTimeout;
    this.retry = retry;
    this.mapper = mapper;
    this.http = http;
  }

  String endpoint() {
    return endpointLabel;
  }

  ObjectMapper mapper() {
    return mapper;
  }

  /**
   * Calls {@code method}. Returns the {@code result} node (possibly JSON null).
   *
   * @throws NodeError when the node answered with an error object (never retried)
   * @throws RpcException when the transport failed on every attempt
   */
  JsonNode call(String method, Object... params) {
    ObjectNode body = request(ids.incrementAndGet(), method, params);
    return exchange(
        body,
        method,
        (status, json) -> {
          if (json == null || !json.isObject()) {
            throw new IOException("response is not a JSON-RPC object (HTTP " + status + ")");
          }
          JsonNode error = json.get("error");
          if (error != null && !error.isNull()) {
            throw nodeError(error);
          }
          if (status != 200) {
            throw new RpcException(
                endpointLabel,
                "RPC " + endpointLabel + " answered HTTP " + status + " to " + method,
                null);
          }
          return json.has("result") ? json.get("result") : mapper.nullNode();
        });
  }

  /**
   * One JSON-RPC batch: every call in one HTTP request, answers matched by id. Each element of the
   * result is the call's {@code result} node, or a {@link NodeError} for a call the node refused.
   * Transport failures are retried as for {@link #call}.
   *
   * @throws RpcException when the transport failed on every attempt, or the node does not answer
   *     batches
   */
  Object[] batch(java.util.List<String> methods, java.util.List<Object[]> params) {
    ArrayNode body = mapper.createArrayNode();
    long first = ids.getAndAdd(methods.size()) + 1;
    for (int i = 0; i < methods.size(); i++) {
      body.add(request(first + i, methods.get(i), params.get(i)));
    }
    String what = "a batch of " + methods.size() + " calls";
    return exchange(
        body,
        what,
        (status, json) -> {
          if (json == null || !json.isArray()) {
            throw new RpcException(
                endpointLabel,
                "RPC "
                    + endpointLabel
                    + " did not answer "
                    + what
                    + " with a JSON-RPC array (HTTP "
                    + status
                    + ")",
                null);
          }
          Object[] out = new Object[methods.size()];
          for (JsonNode answer : json) {
            long id = answer.path("id").asLong(-1);
            int i = (int) (id - first);
            if (i < 0 || i >= out.length) {
              continue;
            }
            JsonNode error = answer.get("error");
            out[i] =
                error != null && !error.isNull()
                    ? nodeError(error)
                    : answer.has("result") ? answer.get("result") : mapper.nullNode();
          }
          for (int i = 0; i < out.length; i++) {
            if (out[i] == null) {
              throw new RpcException(
                  endpointLabel,
                  "RPC " + endpointLabel + " left " + methods.get(i) + " of a batch unanswered",
                  null);
            }
          }
          return out;
        });
  }

  /** What to make of one HTTP answer; an {@link IOException} means "retry", as a transport one. */
  private interface AnswerReader<T> {
    T read(int status, JsonNode json) throws IOException;
  }

  /**
   * The one request loop of the transport: posts {@code body}, retries transport failures, a busy
   * node (429/502/503/504), an answer that is not JSON on HTTP 200, and what {@code reader} says is
   * worth retrying, with the policy's backoff.
   */
  private <T> T exchange(JsonNode body, String what, AnswerReader<T> reader) {
    byte[] payload;
    try {
      payload = mapper.writeValueAsBytes(body);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    Exception last = null;
    for (int attempt = 1; attempt <= retry.maxAttempts(); attempt++) {
      if (attempt > 1) {
        sleep(retry.backoff(attempt - 1));
      }
      try {
        HttpReply resp = http.send(HttpCall.postJson(endpoint, payload, requestTimeout));
        int status = resp.status();
        if (status == 429 || status == 502 || status == 503 || status == 504) {
          last = new IOException("HTTP " + status);
          continue;
        }
        JsonNode json;
        try {
          json = mapper.readTree(resp.body());
        } catch (IOException badJson) {
          if (status != 200) {
            throw new RpcException(
                endpointLabel,
                "RPC " + endpointLabel + " answered HTTP " + status + " to " + what,
                null);
          }
          last = badJson;
          continue;
        }
        return reader.read(status, json);
      } catch (InterruptedIOException e) {
        if (Thread.currentThread().isInterrupted()) {
          throw new RpcException(
              endpointLabel, "interrupted while calling " + what + " on " + endpointLabel, e);
        }
        last = e; // the request timed out: a transport failure, retried
      } catch (IOException e) {
        last = e;
      }
    }
    throw new RpcException(
        endpointLabel,
        "RPC "
            + endpointLabel
            + " failed for "
            + what
            + " after "
            + retry.maxAttempts()
            + " attempt(s): "
            + describe(last),
        last);
  }

  private ObjectNode request(long id, String method, Object[] params) {
    ObjectNode one = mapper.createObjectNode();
    one.put("jsonrpc", "2.0");
    one.put("id", id);
    one.put("method", method);
    ArrayNode arr = one.putArray("params");
    for (Object p : params) {
      arr.add(mapper.valueToTree(p));
    }
    return one;
  }

  private static NodeError nodeError(JsonNode error) {
    return new NodeError(
        error.path("code").asInt(),
        error.path("message").asText(""),
        extractData(error.get("data")));
  }

  /**
   * Revert data from an error's {@code data}: a plain string, an object with {@code data} (some
   * nodes nest it) or text containing the hex. Never keeps the JSON quotes.
   */
  static String extractData(JsonNode data) {
    if (data == null || data.isNull()) {
      return null;
    }
    if (data.isObject()) {
      return extractData(data.has("data") ? data.get("data") : data.get("result"));
    }
    if (data.isTextual()) {
      Matcher m = HEX_DATA.matcher(data.asText());
      return m.find() ? m.group().toLowerCase() : null;
    }
    return null;
  }

  private static String describe(Exception e) {
    if (e == null) {
      return "unknown";
    }
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null ? "" : " " + m);
  }

  private static String label(URI uri) {
    // Never echo credentials an RPC URL may carry (user-info or an API key in the path/query).
    String host = uri.getHost() == null ? "?" : uri.getHost();
    String port = uri.getPort() < 0 ? "" : ":" + uri.getPort();
    String path = uri.getRawPath() == null || uri.getRawPath().length() <= 1 ? "" : "/…";
    return uri.getScheme() + "://" + host + port + path;
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
