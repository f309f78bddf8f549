package xyz.peaq.os.sdk.gasstation;

import java.util.Locale;

/** Image format of the enrolment QR code served behind {@code qrImageUrl}. */
public enum QrFormat {
  /** Scalable vector image; the official SDKs' default. */
  SVG,
  /** Raster image, what terminal renderers decode. */
  PNG;

  /** The wire value: {@code "svg"} or {@code "png"}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
