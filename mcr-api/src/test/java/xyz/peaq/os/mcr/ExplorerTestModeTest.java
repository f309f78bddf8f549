package xyz.peaq.os.mcr;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The explorer's pages and files over plain HTTP, on a service in test mode (no chain). */
class ExplorerTestModeTest {
  static McrApiServer server;

  @BeforeAll
  static void start() {
    server = McrApiServer.start(McrApiConfig.builder().port(0).build());
  }

  @AfterAll
  static void stop() {
    if (server != null) server.close();
  }

  @Test
  void pagesSayTheServiceIsNotInitialisedAsAPageWithThePolicy() {
    for (String path : new String[] {"/", "/explorer/machine/did:peaq:0x" + "ab".repeat(20)}) {
      Http.Answer a = raw(path);
      assertThat(a.status()).as(path).isEqualTo(503);
      assertThat(a.raw().headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
      assertThat(a.raw().headers().firstValue("Content-Security-Policy").orElse(""))
          .contains("default-src 'none'");
      assertThat(a.raw().body()).contains("Service not initialised").contains("id=\"q\"");
    }
    Http.Answer empty = raw("/explorer/search?q=");
    assertThat(empty.status()).isEqualTo(400);
    assertThat(empty.raw().body()).contains("Type a machine DID");
  }

  @Test
  void theChartLibraryAndThePageFilesComeFromTheJar() {
    Http.Answer chart = raw("/explorer/static/chart.umd.min.js");
    assertThat(chart.status())
        .as("Chart.js in the jar: the build copies node_modules/chart.js (run `npm ci` first)")
        .isEqualTo(200);
    assertThat(chart.raw().headers().firstValue("Content-Type").orElse(""))
        .startsWith("text/javascript");
    assertThat(chart.raw().body()).contains("Chart.js v4.6.1");
    assertThat(raw("/explorer/static/explorer.js").status()).isEqualTo(200);
    assertThat(raw("/explorer/static/explorer.css").status()).isEqualTo(200);
    assertThat(raw("/explorer/static/../McrApiServer.class").status()).isIn(400, 404);
    assertThat(raw("/explorer/static/LICENSE.md").status()).isEqualTo(404);
  }

  /** A GET whose body is not JSON. */
  static Http.Answer raw(String path) {
    try {
      java.net.http.HttpResponse<String> r =
          java.net.http.HttpClient.newHttpClient()
              .send(
                  java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.url() + path))
                      .timeout(java.time.Duration.ofSeconds(30))
                      .build(),
                  java.net.http.HttpResponse.BodyHandlers.ofString());
      return new Http.Answer(r.statusCode(), null, r);
    } catch (Exception e) {
      throw new IllegalStateException("GET " + path + " failed: " + e, e);
    }
  }
}
