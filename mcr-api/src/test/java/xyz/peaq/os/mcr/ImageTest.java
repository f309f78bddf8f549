package xyz.peaq.os.mcr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import xyz.peaq.os.devnet.DevnetChain;
import xyz.peaq.os.devnet.DevnetOptions;

/**
 * The OCI image the build wrote (target/peaqos-mcr-api-image.tar), run for real: its layers
 * unpacked into a folder and its entrypoint started there as a container runtime would
 * (image/run-image.sh: its own root, user, working directory and environment only), configured by
 * environment variables alone, indexing the devnet into its default SQLite file in /data.
 */
class ImageTest {
  private static final String LISTENING = "MCR API listening on ";

  @TempDir Path dir;

  @Test
  void theImageStartsFromItsEntrypointIndexesAndAnswers() throws Exception {
    assumeFalse(
        "true".equals(System.getProperty("peaqos.image.skip")),
        "the images are built and run by the image profile: mvn -B -Pimage verify");
    Path tar = Path.of(System.getProperty("peaqos.image.tar", "target/none.tar"));
    assertThat(tar).as("the image the build writes before the tests").exists();
    assumeTrue(
        "root".equals(System.getProperty("user.name")),
        "running an image needs root (namespaces and mounts, as a container runtime)");
    Path root = dir.resolve("root");
    try (DevnetChain chain =
            DevnetChain.start(DevnetOptions.builder().dataDir(dir.resolve("devnet")).build());
        DevnetOps ops = new DevnetOps(chain)) {
      DevnetOps.Key m = ops.newKey();
      ops.register(m);
      List<String> cmd = new ArrayList<>();
      cmd.add("bash");
      cmd.add(Path.of("..", "image", "run-image.sh").toString());
      cmd.add(tar.toString());
      cmd.add(root.toString());
      for (Map.Entry<String, String> e :
          McrProcess.env(ops.config().build(), "jdbc:sqlite:mcr-api.db").entrySet()) {
        if (!e.getKey().equals("MCR_DATABASE_URL")) { // the image's default: /data/mcr-api.db
          cmd.add(e.getKey() + "=" + e.getValue());
        }
      }
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      try {
        String url = awaitUrl(p);
        Http.Answer ready =
            Await.until(
                Duration.ofSeconds(60),
                "ready",
                () -> {
                  Http.Answer a = Http.get(url, "/ready");
                  return a.status() == 200 ? a : null;
                });
        assertThat(ready.body().get("role").asText()).isEqualTo("leader");
        Http.Answer mcr = Http.get(url, "/mcr/" + DevnetOps.did(m));
        assertThat(mcr.status()).isEqualTo(200);
        assertThat(mcr.body().get("mcr").asText()).isEqualTo("Provisioned");
        assertThat(root.resolve("data/mcr-api.db")).exists();
      } finally {
        List<ProcessHandle> all = p.descendants().toList();
        p.destroyForcibly();
        all.forEach(ProcessHandle::destroyForcibly);
        p.waitFor(30, TimeUnit.SECONDS);
      }
    }
  }

  private static String awaitUrl(Process p) throws Exception {
    CompletableFuture<String> url = new CompletableFuture<>();
    StringBuilder out = new StringBuilder();
    Thread reader =
        new Thread(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  synchronized (out) {
                    out.append(line).append('\n');
                  }
                  if (line.startsWith(LISTENING)) {
                    url.complete(line.substring(LISTENING.length()).trim());
                  }
                }
              } catch (IOException ignored) {
                // the process ended
              }
              synchronized (out) {
                url.completeExceptionally(
                    new IllegalStateException("the image exited before listening:\n" + out));
              }
            },
            "image-out");
    reader.setDaemon(true);
    reader.start();
    return url.get(180, TimeUnit.SECONDS);
  }
}
