package xyz.peaq.os.cli.activate;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import xyz.peaq.os.cli.CliException;
import xyz.peaq.os.cli.Out;
import xyz.peaq.os.foundation.SecureFiles;
import xyz.peaq.os.sdk.otp.OtpauthUri;

/**
 * Where 2FA codes come from. On the devnet the CLI computes them from the enrolment secret (and
 * says so); the Gas Station refuses a code twice, so each call gets the code of a later 30 s step
 * within the station's one-step drift, waiting for the next window only when both are used. On
 * agung and mainnet: {@code --totp-code}, {@code PEAQOS_TOTP_CODE}, a terminal prompt, or one line
 * piped on stdin — and no terminal and no code is an input error.
 */
final class TwoFactorCodes {
  private final Optional<String> given;
  private OtpauthUri devnetTotp;
  private long lastStep = -1;
  private boolean givenUsed;

  TwoFactorCodes(Optional<String> given) {
    this.given = given;
  }

  private java.nio.file.Path stepFile;

  /**
   * Devnet: compute codes from the secret. The last step used is kept beside the secret, because
   * the station refuses any step at or before the last one it accepted, also from an earlier run.
   */
  void useDevnetSecret(OtpauthUri totp, java.nio.file.Path stepFile) {
    this.devnetTotp = totp;
    this.stepFile = stepFile;
    try {
      if (java.nio.file.Files.exists(stepFile)) {
        lastStep = Long.parseLong(java.nio.file.Files.readString(stepFile).strip());
      }
    } catch (java.io.IOException | NumberFormatException e) {
      lastStep = -1;
    }
  }

  /** The station refused a computed code: skip past everything it may have seen. */
  void rejected() {
    if (devnetTotp != null) {
      long now = Instant.now().getEpochSecond() / devnetTotp.period().getSeconds();
      lastStep = Math.max(lastStep, now + 1);
    }
  }

  boolean automatic() {
    return devnetTotp != null;
  }

  String next(String purpose) {
    if (devnetTotp != null) {
      long period = devnetTotp.period().getSeconds();
      long now = Instant.now().getEpochSecond() / period;
      long step = Math.max(now, lastStep + 1);
      while (step > now + 1) {
        // Both the current and the next step are spent: wait for the next window.
        long waitMs = ((now + 1) * period - Instant.now().getEpochSecond()) * 1000L + 50;
        Out.progress("  Waiting " + (waitMs / 1000 + 1) + " s for a fresh 2FA code window...");
        sleep(waitMs);
        now = Instant.now().getEpochSecond() / period;
      }
      lastStep = step;
      try {
        SecureFiles.writeAtomically(stepFile, step + "\n");
      } catch (java.io.IOException e) {
        Out.debug("cannot record the 2FA step: " + e.getMessage());
      }
      return devnetTotp.codeAt(step);
    }
    if (given.isPresent() && !givenUsed) {
      givenUsed = true;
      return given.get();
    }
    return prompt(purpose);
  }

  static String prompt(String purpose) {
    Console console = System.console();
    String line;
    if (console != null) {
      line =
          console.readLine(
              "Enter the 6-digit 2FA code from your authenticator app (" + purpose + "): ");
    } else {
      try {
        // Agents pipe the code: printf "123456\n" | peaqos activate ...
        line =
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      } catch (IOException e) {
        line = null;
      }
    }
    if (line == null || line.isBlank()) {
      throw CliException.input(
          "A 2FA code is needed ("
              + purpose
              + ") but no terminal is attached and none was given:"
              + " pass --totp-code CODE or set PEAQOS_TOTP_CODE (or pipe the code on stdin).");
    }
    return validate(line.strip(), "the 2FA code");
  }

  static String validate(String code, String source) {
    if (!code.matches("\\d{6}")) {
      throw CliException.input(source + " must be 6 digits");
    }
    return code;
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(Math.max(1, ms));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw CliException.network("Interrupted while waiting for a 2FA code window");
    }
  }
}
