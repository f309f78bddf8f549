package xyz.peaq.os.cli;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Loads and initialises, on a second thread, the libraries a chain command needs later, while the
 * main thread parses the command line and reads the configuration. Measured on {@code activate}:
 * BouncyCastle alone costs about half a second of a cold start, because its jar is signed (the JVM
 * checks the signature of every class it loads from it, and class-data sharing skips it) and
 * web3j's {@code Keys} installs the whole BouncyCastle provider; Jackson's first mapper is the next
 * largest. Doing this in parallel changes no result: class initialisation is thread-safe, and a
 * thread that needs a class being initialised here simply waits for it. Nothing here reads a file,
 * a key or the network; a failure is ignored (the main thread meets the same failure and reports
 * it).
 */
final class StartupWarmUp {
  private StartupWarmUp() {}

  /**
   * With {@code activate}, last: a QR code of a few characters is drawn and a digest signed. The
   * 2FA step's first QR drawing cost 25 to 40 ms on the main thread (zxing's classes and tables,
   * then its encoder run by the interpreter); after a small one on this thread, about 6 ms
   * (measured cold with C1 only, as the launcher runs). The small one costs a few milliseconds of
   * its own.
   */
  static void start(boolean activate) {
    Thread t = new Thread(() -> run(activate), "peaqos-warm-up");
    t.setDaemon(true);
    t.start();
  }

  private static void run(boolean activate) {
    try {
      ClassLoader loader = StartupWarmUp.class.getClassLoader();
      // In the order the main thread needs them: a class being initialised here makes the main
      // thread wait for it, and the chain connection (Jackson, OkHttp) comes before the key.
      // Jackson: the first mapper and a parse, as the journal and every HTTP client will need.
      new ObjectMapper().readTree("{\"warm\":[1,\"up\"]}");
      // The SDK's HTTP transport: OkHttp's shared client (and Kotlin's runtime under it).
      xyz.peaq.os.sdk.http.HttpTransport.okHttp();
      // web3j's Keys installs the BouncyCastle provider (and makes the JVM verify the signed jar).
      Class.forName("org.web3j.crypto.Keys", true, loader);
      // Signing: the secp256k1 curve parameters and the Keccak digest.
      Class.forName("org.web3j.crypto.Sign", true, loader);
      org.web3j.crypto.Hash.sha3(new byte[] {0});
      if (activate) {
        xyz.peaq.os.cli.util.TerminalQr.render("peaqos");
        // One signature with a throw-away key (ten) of a zero digest: the first one of a run, after
        // the key's generation, cost about 8 ms on the main thread (the deterministic nonce's HMAC,
        // the recovery id's point recoveries); about 2 ms after this one.
        org.web3j.crypto.Sign.signMessage(
            new byte[32], org.web3j.crypto.ECKeyPair.create(java.math.BigInteger.TEN), false);
      }
    } catch (Throwable ignored) {
      // Only start-up time is at stake; the command itself reports any real problem.
    }
  }
}
