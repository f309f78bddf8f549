package xyz.peaq.os.gasstation;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import xyz.peaq.os.service.Html;

/**
 * The 2FA enrolment page a browser gets at {@code qrImageUrl}: the QR code, the otpauth URI to
 * copy, the seconds until the QR expires and a form to confirm the first code; or, once the link is
 * no longer good, why (expired, already used, unknown). It is the one place a TOTP secret is shown:
 * under an unguessable token that stops working on expiry and on confirmation, sent {@code
 * no-store} and never logged.
 */
final class EnrolmentPage {
  static final String STATIC = "/2fa/static/";
  private static final String CSS = STATIC + "enrol.css";
  private static final String JS = STATIC + "enrol.js";
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
          .withZone(ZoneOffset.UTC);

  private EnrolmentPage() {}

  /** The live page: QR, URI, countdown and the confirm form (with the last attempt's error). */
  static Html live(
      String token, String owner, String otpauthUri, long expiresAtMillis, long now, String error) {
    long seconds = Math.max(0, (expiresAtMillis - now + 999) / 1000);
    Html b =
        new Html()
            .tag("<h1>Set up two-factor authentication</h1><p>For owner <span class=\"mono\"")
            .tag(" id=\"owner\">")
            .text(owner)
            .tag("</span>. Scan the code with an authenticator app (or copy the URI into it),")
            .tag(" then type the six-digit code it shows.</p>")
            .tag("<p class=\"expiry\">This QR code expires in <strong id=\"expires-in\"")
            .attr("data-expires-at", expiresAtMillis)
            .attr("data-now", now)
            .tag(">")
            .text(seconds)
            .tag("</strong> seconds (at ")
            .text(TIME.format(Instant.ofEpochMilli(expiresAtMillis)))
            .tag(").</p><img class=\"qr\" id=\"qr\" alt=\"QR code of the otpauth URI\"")
            .attr("src", "/2fa/qr/" + token + "?format=svg")
            .tag("><label for=\"otpauth-uri\">otpauth URI</label><div class=\"copy\">")
            .tag("<input id=\"otpauth-uri\" readonly spellcheck=\"false\" autocomplete=\"off\"")
            .attr("value", otpauthUri)
            .tag("><button type=\"button\" id=\"copy\" hidden>Copy</button></div>");
    if (error != null) {
      b.tag("<p class=\"error\" id=\"error\" role=\"alert\">").text(error).tag("</p>");
    }
    return page(
        b.tag("<form method=\"post\" id=\"confirm\"")
            .attr("action", "/2fa/qr/" + token)
            .tag("><label for=\"code\">First code</label><input id=\"code\" name=\"code\"")
            .tag(" inputmode=\"numeric\" autocomplete=\"one-time-code\" pattern=\"[0-9]{6}\"")
            .tag(" maxlength=\"6\" required><button type=\"submit\">Confirm</button></form>"));
  }

  /** The link's QR expired (or a later setup replaced it); the owner never confirmed. */
  static Html expired(long expiredAtMillis) {
    return page(
        new Html()
            .tag("<h1>This QR code has expired</h1><p id=\"state\" class=\"error\">")
            .text(
                "It expired at "
                    + TIME.format(Instant.ofEpochMilli(expiredAtMillis))
                    + " (or a newer setup replaced it). The secret it held is no longer shown.")
            .tag("</p><p>Start the setup again (e.g. <code>peaqos activate</code>, or")
            .tag(" <code>POST /2fa/setup</code>) for a new QR code, then open its link within")
            .tag(" two minutes.</p>"));
  }

  /** The owner confirmed: the secret is in use and is not shown again. */
  static Html used(String owner) {
    return page(
        new Html()
            .tag("<h1>This QR code was already used</h1><p id=\"state\">")
            .text(
                "Two-factor authentication of "
                    + owner
                    + " is active: its first code was confirmed, so this page no longer shows the"
                    + " secret.")
            .tag("</p><p>Lost the authenticator? The station's operator can reset the owner.</p>"));
  }

  /** A well-formed link that names nothing (never issued, or purged an hour after expiry). */
  static Html unknown() {
    return page(
        new Html()
            .tag("<h1>Unknown enrolment link</h1><p id=\"state\" class=\"error\">")
            .text(
                "No QR code is kept under this link: it was never issued, or it expired more than"
                    + " an hour ago. Start the setup again for a new one.")
            .tag("</p>"));
  }

  /** The first code was accepted. */
  static Html confirmed(String owner) {
    return page(
        new Html()
            .tag("<h1>Two-factor authentication is active</h1><p id=\"state\">")
            .text(
                "The code was accepted: "
                    + owner
                    + " can now request gas with codes from the authenticator app.")
            .tag("</p>"));
  }

  private static Html page(Html body) {
    return Html.page(
        "peaqOS Gas Station: two-factor setup",
        CSS,
        new Html().tag("<main>").append(body).tag("</main>"),
        JS);
  }
}
