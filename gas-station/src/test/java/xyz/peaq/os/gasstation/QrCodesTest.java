package xyz.peaq.os.gasstation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * The images decode back to the text with an independent reader (zxing's decoder, the JDK's PNG
 * reader).
 */
class QrCodesTest {
  static final String URI =
      "otpauth://totp/peaqOS%20Gas%20Station:0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"
          + "?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=peaqOS%20Gas%20Station&algorithm=SHA1&digits=6&period=30";

  static String decodePng(byte[] png) throws Exception {
    BufferedImage img = ImageIO.read(new ByteArrayInputStream(png));
    int[] pixels = img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
    RGBLuminanceSource src = new RGBLuminanceSource(img.getWidth(), img.getHeight(), pixels);
    return decode(src);
  }

  /**
   * A clean, axis-aligned image: decode it as a pure barcode (no finder-pattern search heuristics).
   */
  private static String decode(RGBLuminanceSource src) throws Exception {
    return new QRCodeReader()
        .decode(
            new BinaryBitmap(new HybridBinarizer(src)),
            Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE))
        .getText();
  }

  static String decodeSvg(byte[] svg) throws Exception {
    String text = new String(svg, StandardCharsets.UTF_8);
    Matcher box = Pattern.compile("viewBox=\"0 0 (\\d+) (\\d+)\"").matcher(text);
    assertThat(box.find()).isTrue();
    int w = Integer.parseInt(box.group(1));
    int h = Integer.parseInt(box.group(2));
    int scale = 4;
    int[] pixels = new int[w * scale * h * scale];
    java.util.Arrays.fill(pixels, 0xFFFFFF);
    Matcher m = Pattern.compile("M(\\d+) (\\d+)h1v1h-1z").matcher(text);
    while (m.find()) {
      int x = Integer.parseInt(m.group(1));
      int y = Integer.parseInt(m.group(2));
      for (int dy = 0; dy < scale; dy++) {
        for (int dx = 0; dx < scale; dx++) {
          pixels[(y * scale + dy) * w * scale + x * scale + dx] = 0;
        }
      }
    }
    return decode(new RGBLuminanceSource(w * scale, h * scale, pixels));
  }

  @Test
  void pngDecodesToTheUri() throws Exception {
    byte[] png = QrCodes.png(URI);
    assertThat(png).startsWith(0x89, 'P', 'N', 'G');
    assertThat(decodePng(png)).isEqualTo(URI);
  }

  @Test
  void svgDecodesToTheUri() throws Exception {
    byte[] svg = QrCodes.svg(URI);
    assertThat(new String(svg, StandardCharsets.UTF_8)).contains("<svg");
    assertThat(decodeSvg(svg)).isEqualTo(URI);
  }

  @Test
  void manyRandomEnrolmentUrisRoundTripInBothFormats() throws Exception {
    for (int i = 0; i < 100; i++) {
      String uri =
          URI.replace("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266", GasStationSuite.randomAddress())
              .replace(
                  "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP",
                  org.bouncycastle.util.encoders.Base32.toBase32String(TotpVerifier.newSecret()));
      assertThat(decodePng(QrCodes.png(uri))).isEqualTo(uri);
      assertThat(decodeSvg(QrCodes.svg(uri))).isEqualTo(uri);
    }
  }

  @Test
  void textBeyondQrCapacityIsQrGenerationFailed() {
    assertThatThrownBy(() -> QrCodes.png("x".repeat(5000)))
        .isInstanceOfSatisfying(
            GasStationException.class,
            e -> assertThat(e.code).isEqualTo(ErrorCode.QR_GENERATION_FAILED));
  }
}
