package xyz.peaq.os.service;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HtmlTest {
  @Test
  void textAndAttributesAreEscapedMarkupIsNot() {
    String hostile = "<script>alert(1)</script>\"' onload=x &amp;";
    String out =
        new Html().tag("<p").attr("title", hostile).tag(">").text(hostile).tag("</p>").toString();
    assertThat(out)
        .isEqualTo(
            "<p title=\"&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39; onload=x &amp;amp;\">"
                + "&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39; onload=x &amp;amp;</p>");
    assertThat(new Html().text(null).toString()).isEmpty();
  }

  @Test
  void aPageHasAViewportOneStylesheetAndDeferredSameOriginScripts() {
    String page =
        Html.page("A <title>", "/s.css", new Html().tag("<main>").text("x").tag("</main>"), "/a.js")
            .toString();
    assertThat(page)
        .startsWith("<!DOCTYPE html>")
        .contains("<title>A &lt;title&gt;</title>")
        .contains("name=\"viewport\" content=\"width=device-width, initial-scale=1\"")
        .contains("<link rel=\"stylesheet\" href=\"/s.css\">")
        .contains("<script defer src=\"/a.js\"></script>")
        .contains("<body><main>x</main></body>");
    assertThat(Html.CONTENT_SECURITY_POLICY)
        .contains("default-src 'none'")
        .contains("script-src 'self'")
        .doesNotContain("unsafe-inline");
  }
}
