package xyz.peaq.os.service;

import io.javalin.http.Context;

/**
 * An HTML page built by appending, escaped by construction: {@link #text} and {@link #attr} escape
 * every value (chain data such as DID attributes is attacker-controlled), and markup enters only
 * through {@link #tag}, whose argument is the code's own constant text. The services' pages are a
 * few tables and forms, so a template engine would add a compiler step and a dependency without
 * making escaping any more automatic than this.
 *
 * <pre>{@code
 * Html h = new Html().tag("<p>").text(attacker).tag("</p>");
 * Html.send(ctx, 200, Html.page("Title", "/static/site.css", h, "/static/page.js"));
 * }</pre>
 */
public final class Html {
  /**
   * No inline script or style, nothing from another origin: a value that escaped its context still
   * could not run, and no request leaves the machine.
   */
  public static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " connect-src 'none'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

  private final StringBuilder b = new StringBuilder(4096);

  /** Appends markup written in the code (never a value from a request or the chain). */
  public Html tag(String markup) {
    b.append(markup);
    return this;
  }

  /** Appends a value as text: {@code <script>} shows as the characters, never as an element. */
  public Html text(Object value) {
    escapeInto(b, value == null ? "" : String.valueOf(value));
    return this;
  }

  /** Appends {@code name="value"} with the value escaped (name is the code's own). */
  public Html attr(String name, Object value) {
    b.append(' ').append(name).append("=\"");
    escapeInto(b, value == null ? "" : String.valueOf(value));
    b.append('"');
    return this;
  }

  /** Appends another builder's content (already escaped). */
  public Html append(Html other) {
    b.append(other.b);
    return this;
  }

  /** The text with {@code & < > " '} replaced by entities. */
  public static String escape(String s) {
    StringBuilder out = new StringBuilder(s.length() + 16);
    escapeInto(out, s);
    return out.toString();
  }

  private static void escapeInto(StringBuilder out, String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
  }

  /**
   * A whole document: UTF-8, a viewport for phone-sized screens, one stylesheet and the given
   * scripts (same origin, deferred so the page renders without them).
   */
  public static Html page(String title, String stylesheet, Html body, String... scripts) {
    Html h =
        new Html()
            .tag("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
            .tag("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
            .tag("<title>")
            .text(title)
            .tag("</title><link rel=\"stylesheet\"")
            .attr("href", stylesheet)
            .tag(">");
    for (String s : scripts) {
      h.tag("<script defer").attr("src", s).tag("></script>");
    }
    return h.tag("</head><body>").append(body).tag("</body></html>\n");
  }

  /**
   * Sends a page with the Content-Security-Policy and the other headers every page carries; {@code
   * cacheControl} is e.g. {@code no-store} for a page showing a secret.
   */
  public static void send(Context ctx, int status, Html page, String cacheControl) {
    ctx.header("Content-Security-Policy", CONTENT_SECURITY_POLICY);
    ctx.header("X-Content-Type-Options", "nosniff");
    ctx.header("Referrer-Policy", "no-referrer");
    ctx.header("Cache-Control", cacheControl);
    ctx.status(status).contentType("text/html; charset=utf-8").result(page.toString());
  }

  /** Whether a request prefers a page (a browser navigating) to JSON or an image. */
  public static boolean wantsHtml(Context ctx) {
    String accept = ctx.header("Accept");
    return accept != null && accept.contains("text/html");
  }

  @Override
  public String toString() {
    return b.toString();
  }
}
