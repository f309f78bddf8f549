package xyz.peaq.os.mcr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Fetches a machine's {@code data_api} for public profiles without letting a slow partner hold the
 * request: one fetch at a time per URL (concurrent requests join it), its result kept for {@link
 * #FRESH_NANOS}, and a request waits at most {@link #WAIT} for it. A fetch still running after that
 * is reported as {@code partner_data_error} and its result serves the next requests.
 */
final class PartnerData {
  /** How long a request waits for a fetch before answering without the partner's data. */
  static final Duration WAIT = Duration.ofMillis(250);

  /** How long a completed fetch serves later requests. */
  static final long FRESH_NANOS = 30_000_000_000L;

  static final int MAX_ENTRIES = 10_000;

  private static final ObjectMapper JSON = new ObjectMapper();

  /** The partner's JSON object, or why there is none. */
  record Result(JsonNode data, String error, boolean pending) {}

  private record Fetch(CompletableFuture<Result> result, long startedNanos) {}

  private final Map<String, Fetch> fetches = new ConcurrentHashMap<>();
  private final HttpClient http;
  private final Duration timeout;

  PartnerData(Duration timeout) {
    this.timeout = timeout;
    this.http =
        HttpClient.newBuilder()
            .connectTimeout(timeout)
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
  }

  Result get(String url) {
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      return new Result(null, "data_api is not an http(s) URL", false);
    }
    if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())) {
      return new Result(null, "data_api is not an http(s) URL", false);
    }
    Fetch f =
        fetches.compute(
            url,
            (k, old) -> {
              if (old != null
                  && (!old.result().isDone()
                      || System.nanoTime() - old.startedNanos() < FRESH_NANOS)) {
                return old;
              }
              if (fetches.size() >= MAX_ENTRIES) {
                fetches.clear();
              }
              return new Fetch(start(uri), System.nanoTime());
            });
    try {
      return f.result().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return new Result(
          null,
          "data_api has not answered within "
              + WAIT.toMillis()
              + " ms; its data is shown once it has (retry shortly)",
          true);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Result(null, "data_api request interrupted", true);
    } catch (Exception e) {
      return new Result(null, "data_api unreachable: " + e.getClass().getSimpleName(), false);
    }
  }

  private CompletableFuture<Result> start(URI uri) {
    HttpRequest req =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Accept", "application/json")
            .GET()
            .build();
    return http.sendAsync(req, HttpResponse.BodyHandlers.ofString())
        .handle(
            (r, err) -> {
              if (err != null) {
                Throwable cause = err.getCause() != null ? err.getCause() : err;
                return new Result(
                    null, "data_api unreachable: " + cause.getClass().getSimpleName(), false);
              }
              if (r.statusCode() / 100 != 2) {
                return new Result(null, "data_api answered HTTP " + r.statusCode(), false);
              }
              try {
                JsonNode n = JSON.readTree(r.body());
                if (n == null || !n.isObject()) {
                  return new Result(null, "data_api did not answer a JSON object", false);
                }
                return new Result(n, null, false);
              } catch (Exception e) {
                return new Result(null, "data_api did not answer a JSON object", false);
              }
            });
  }
}
