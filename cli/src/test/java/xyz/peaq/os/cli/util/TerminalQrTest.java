package xyz.peaq.os.cli.util;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The half-block drawing decodes back to the same text: a scanner would read it. */
class TerminalQrTest {
  @Test
  void halfBlockDrawingDecodesBackToTheUri() throws Exception {
    String uri =
        "otpauth://totp/peaqOS:0x5FbDB2315678afecb367f032d93F642f64180aa3?secret=JBSWY3DPEHPK3PXP&issuer=peaqOS";
    String drawn = TerminalQr.render(uri);
    List<String> lines = drawn.lines().map(l -> l.substring(2)).toList();
    int w = lines.get(0).length();
    int h = lines.size() * 2;
    int scale = 4;
    int[] px = new int[w * scale * h * scale];
    for (int row = 0; row < lines.size(); row++) {
      String l = lines.get(row);
      for (int x = 0; x < w; x++) {
        char c = l.charAt(x);
        // Blocks are light modules (drawn for dark terminals): light = white pixels.
        boolean topLight = c == '█' || c == '▀';
        boolean bottomLight = c == '█' || c == '▄';
        fill(px, w * scale, x, row * 2, scale, topLight);
        fill(px, w * scale, x, row * 2 + 1, scale, bottomLight);
      }
    }
    RGBLuminanceSource src = new RGBLuminanceSource(w * scale, h * scale, px);
    String text =
        new QRCodeReader()
            .decode(
                new BinaryBitmap(new HybridBinarizer(src)),
                Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE))
            .getText();
    assertThat(text).isEqualTo(uri);
  }

  private static void fill(int[] px, int width, int mx, int my, int scale, boolean light) {
    for (int dy = 0; dy < scale; dy++) {
      for (int dx = 0; dx < scale; dx++) {
        px[(my * scale + dy) * width + mx * scale + dx] = light ? 0xFFFFFF : 0x000000;
      }
    }
  }
}
