package xyz.peaq.os.cli.util;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import xyz.peaq.os.cli.util.Json;
import xyz.peaq.os.sdk.errors.ApiException;

/** Small JSON-over-HTTP helper for the Gas Station and MCR API calls of the CLI. */
public final class Http {
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  private Http() {}

  public static JsonNode post(String base, String path, Object body) {
    try {
      HttpRequest req = HttpRequest.newBuilder(URI.create(trim(base) + path)).timeout(Duration.ofSeconds(60))
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(Json.MAPPER.writeValueAsString(body))).build();
      return handle(req, base);
    } catch (IOException e) {
      throw new ApiException(0, "NETWORK_ERROR", "Cannot reach " + base + ": " + e.getMessage(), e);
    }
  }

  /** GET; a 404 is returned as null so callers can wait for an indexer. */
  public static JsonNode getOrNull(String base, String path) {
    HttpRequest req = HttpRequest.newBuilder(URI.create(trim(base) + path)).timeout(Duration.ofSeconds(30)).GET().build();
    try {
      return handle(req, base);
    } catch (ApiException e) {
      if (e.httpStatus() == 404) {
        return null;
      }
      throw e;
    }
  }

  private static JsonNode handle(HttpRequest req, String base) {
    HttpResponse<String> resp;
    try {
      resp = CLIENT.send(req, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new ApiException(0, "NETWORK_ERROR", "Cannot reach " + base + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(0, "NETWORK_ERROR", "Interrupted while calling " + base, e);
    }
    JsonNode body;
    try {
      body = resp.body() == null || resp.body().isBlank() ? Json.MAPPER.createObjectNode() : Json.MAPPER.readTree(resp.body());
    } catch (IOException e) {
      throw new ApiException(resp.statusCode(), "BAD_RESPONSE", "Unreadable answer from " + req.uri());
    }
    if (resp.statusCode() / 100 != 2) {
      String code = body.path("code").asText(body.path("error").path("code").asText("HTTP_" + resp.statusCode()));
      String msg = body.path("message").asText(body.path("detail").asText(body.path("error").path("message").asText("HTTP " + resp.statusCode())));
      throw new ApiException(resp.statusCode(), code, msg);
    }
    return body;
  }

  private static String trim(String base) {
    return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
  }
}
