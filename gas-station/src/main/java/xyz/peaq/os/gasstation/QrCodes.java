package xyz.peaq.os.gasstation;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/** Renders a text as a QR code image, PNG or SVG, with a 4-module quiet zone. */
final class QrCodes {
  private static final int PNG_SCALE = 8;
  private static final int QUIET = 4;

  private QrCodes() {}

  static BitMatrix matrix(String text) {
    try {
      return new QRCodeWriter()
          .encode(
              text,
              BarcodeFormat.QR_CODE,
              0,
              0,
              Map.of(
                  EncodeHintType.ERROR_CORRECTION,
                  ErrorCorrectionLevel.M,
                  EncodeHintType.MARGIN,
                  QUIET,
                  EncodeHintType.CHARACTER_SET,
                  "UTF-8"));
    } catch (WriterException | IllegalArgumentException e) {
      throw new GasStationException(
          ErrorCode.QR_GENERATION_FAILED,
          "QR code generation failed: " + e.getClass().getSimpleName());
    }
  }

  /** An 8-bit greyscale PNG, written directly (no AWT, so it works on headless and small JVMs). */
  static byte[] png(String text) {
    BitMatrix m = matrix(text);
    int w = m.getWidth() * PNG_SCALE;
    int h = m.getHeight() * PNG_SCALE;
    ByteArrayOutputStream raw = new ByteArrayOutputStream(h * (w + 1));
    for (int y = 0; y < h; y++) {
      raw.write(0); // filter type: none
      for (int x = 0; x < w; x++) {
        raw.write(m.get(x / PNG_SCALE, y / PNG_SCALE) ? 0x00 : 0xFF);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
      ByteBuffer ihdr =
          ByteBuffer.allocate(13)
              .putInt(w)
              .putInt(h)
              .put((byte) 8)
              .put((byte) 0)
              .put((byte) 0)
              .put((byte) 0)
              .put((byte) 0);
      chunk(out, "IHDR", ihdr.array());
      ByteArrayOutputStream z = new ByteArrayOutputStream();
      try (DeflaterOutputStream d =
          new DeflaterOutputStream(z, new Deflater(Deflater.BEST_COMPRESSION))) {
        raw.writeTo(d);
      }
      chunk(out, "IDAT", z.toByteArray());
      chunk(out, "IEND", new byte[0]);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data)
      throws IOException {
    byte[] t = type.getBytes(StandardCharsets.US_ASCII);
    out.write(ByteBuffer.allocate(4).putInt(data.length).array());
    out.write(t);
    out.write(data);
    CRC32 crc = new CRC32();
    crc.update(t);
    crc.update(data);
    out.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }

  static byte[] svg(String text) {
    BitMatrix m = matrix(text);
    StringBuilder path = new StringBuilder();
    for (int y = 0; y < m.getHeight(); y++) {
      for (int x = 0; x < m.getWidth(); x++) {
        if (m.get(x, y)) {
          path.append('M').append(x).append(' ').append(y).append("h1v1h-1z");
        }
      }
    }
    String svg =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            + "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 "
            + m.getWidth()
            + " "
            + m.getHeight()
            + "\" width=\""
            + m.getWidth() * PNG_SCALE
            + "\" height=\""
            + m.getHeight() * PNG_SCALE
            + "\" shape-rendering=\"crispEdges\">"
            + "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>"
            + "<path fill=\"#000\" d=\""
            + path
            + "\"/></svg>\n";
    return svg.getBytes(StandardCharsets.UTF_8);
  }
}
