package xyz.peaq.os.mcr;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * /health of the MCR API while 300 connections send their request head one byte every 18 s
 * (slowloris): probes once a second for 30 s, 10 s timeout each, against the idle latency measured
 * first on the same server. Prints a BENCHMARK line; asserts only that no probe timed out.
 */
class McrSlowClientsBenchmarkTest {
  @Test
  void healthAnswersUnderThreeHundredSlowHeads() throws Exception {
    try (McrApiServer server = McrApiServer.start(McrApiConfig.builder().port(0).build())) {
      URI u = URI.create(server.url());
      List<Long> idle = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        idle.add(probe(u));
      }
      List<Socket> slow = Collections.synchronizedList(new ArrayList<>());
      ExecutorService openers = Executors.newFixedThreadPool(8);
      for (int i = 0; i < 300; i++) {
        openers.submit(
            () -> {
              try {
                Socket s = new Socket(u.getHost(), u.getPort());
                s.getOutputStream()
                    .write(
                        "GET /health HTTP/1.1\r\nHost: x\r\nX-Slow: "
                            .getBytes(StandardCharsets.ISO_8859_1));
                s.getOutputStream().flush();
                slow.add(s);
              } catch (IOException e) {
                // refused: the limit at work
              }
              return null;
            });
      }
      openers.shutdown();
      openers.awaitTermination(30, TimeUnit.SECONDS);
      ScheduledExecutorService trickle = Executors.newSingleThreadScheduledExecutor();
      trickle.scheduleAtFixedRate(
          () -> {
            synchronized (slow) {
              for (Socket s : slow) {
                try {
                  s.getOutputStream().write('a');
                  s.getOutputStream().flush();
                } catch (IOException e) {
                  // cut by the server
                }
              }
            }
          },
          18,
          18,
          TimeUnit.SECONDS);
      List<Long> loaded = new ArrayList<>();
      int timeouts = 0;
      long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (System.nanoTime() < end) {
        long t = probe(u);
        if (t < 0) {
          timeouts++;
        } else {
          loaded.add(t);
        }
        long wait = 1000 - Math.max(0, t);
        if (wait > 0) {
          Thread.sleep(wait);
        }
      }
      trickle.shutdownNow();
      for (Socket s : slow) {
        s.close();
      }
      Collections.sort(idle);
      Collections.sort(loaded);
      System.out.println(
          "BENCHMARK mcr-api /health under 300 slow-head connections: "
              + timeouts
              + " of "
              + (timeouts + loaded.size())
              + " probes timed out (10 s); median "
              + (loaded.isEmpty() ? "none" : loaded.get(loaded.size() / 2) + " ms")
              + ", max "
              + (loaded.isEmpty() ? "none" : loaded.get(loaded.size() - 1) + " ms")
              + "; idle median "
              + idle.get(idle.size() / 2)
              + " ms");
      assertThat(timeouts).isZero();
    }
  }

  static long probe(URI u) {
    long t0 = System.nanoTime();
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(u.getHost(), u.getPort()), 10_000);
      s.setSoTimeout(10_000);
      s.getOutputStream()
          .write(
              "GET /health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                  .getBytes(StandardCharsets.ISO_8859_1));
      InputStream in = s.getInputStream();
      if (in.readNBytes(12).length < 12) {
        return -1;
      }
      return (System.nanoTime() - t0) / 1_000_000;
    } catch (IOException e) {
      return -1;
    }
  }
}
