package xyz.peaq.os.cli.util;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.util.Map;

/**
 * A QR code drawn with Unicode half blocks, two modules rows per text line. Encoded locally from
 * the otpauth URI, so it does not depend on the station's short-lived image URL. Dark modules are
 * drawn as blanks on a light (block) background, which scanners read on dark terminals too.
 */
public final class TerminalQr {
  private TerminalQr() {}

  public static String render(String text) {
    BitMatrix m;
    try {
      m =
          new QRCodeWriter()
              .encode(
                  text,
                  BarcodeFormat.QR_CODE,
                  0,
                  0,
                  Map.of(
                      EncodeHintType.ERROR_CORRECTION,
                      ErrorCorrectionLevel.L,
                      EncodeHintType.MARGIN,
                      2));
    } catch (WriterException e) {
      return "  (QR code could not be drawn: " + e.getMessage() + ")";
    }
    StringBuilder sb = new StringBuilder();
    int w = m.getWidth();
    int h = m.getHeight();
    for (int y = 0; y < h; y += 2) {
      sb.append("  ");
      for (int x = 0; x < w; x++) {
        boolean topLight = !m.get(x, y);
        boolean bottomLight = y + 1 >= h || !m.get(x, y + 1);
        sb.append(topLight && bottomLight ? '█' : topLight ? '▀' : bottomLight ? '▄' : ' ');
      }
      sb.append('\n');
    }
    return sb.toString();
  }
}
