package xyz.peaq.os.mcr;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Errors the HTTP server produces itself, and methods the read-only API does not take. */
class McrHttpHardeningTest {
  static final ObjectMapper JSON = new ObjectMapper();
  static McrApiServer server;

  @BeforeAll
  static void start() {
    server = McrApiServer.start(McrApiConfig.builder().port(0).build());
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  static String raw(String request) throws Exception {
    URI u = URI.create(server.url());
    try (Socket s = new Socket(u.getHost(), u.getPort())) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      s.getOutputStream().flush();
      return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  static JsonNode body(String reply) throws Exception {
    String b = reply.substring(reply.indexOf("\r\n\r\n") + 4);
    if (reply.toLowerCase().contains("transfer-encoding: chunked")) {
      b = b.substring(b.indexOf("\r\n") + 2, b.lastIndexOf("\r\n0\r\n"));
    }
    return JSON.readTree(b);
  }

  @Test
  void jettysOwnErrorsAreJsonWithADetail() throws Exception {
    List<String[]> cases =
        List.of(
            new String[] {"GET /%zz HTTP/1.1\r\nHost: x\r\n\r\n", "400"},
            new String[] {
              "GET /health HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n", "431"
            },
            new String[] {"GET /health HTTP/9.9\r\nHost: x\r\n\r\n", "505"});
    for (String[] c : cases) {
      String reply = raw(c[0]);
      assertThat(reply).startsWith("HTTP/1.1 " + c[1]);
      assertThat(reply.toLowerCase())
          .contains("content-type: application/json")
          .doesNotContain("<html");
      assertThat(body(reply).get("detail").asText()).isNotBlank();
    }
  }

  @Test
  void otherMethodsOnKnownPathsAre405WithAllow() throws Exception {
    List<String> seen = new ArrayList<>();
    for (String method : List.of("POST", "OPTIONS", "PUT", "DELETE")) {
      for (String path :
          List.of(
              "/mcr/did:peaq:0x0000000000000000000000000000000000000001",
              "/health",
              "/machines/1")) {
        String reply =
            raw(
                method
                    + " "
                    + path
                    + " HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        seen.add(method + " " + path + " -> " + reply.substring(9, 12));
        assertThat(reply).as(method + " " + path).startsWith("HTTP/1.1 405");
        assertThat(reply).containsIgnoringCase("allow: GET, HEAD");
        assertThat(body(reply).get("detail").asText()).isEqualTo("Method Not Allowed");
      }
    }
    assertThat(raw("GET /nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))
        .startsWith("HTTP/1.1 404");
  }
}
