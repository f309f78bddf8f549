package xyz.peaq.os.gasstation;

import java.util.Locale;
import java.util.Optional;

/** The QR image formats the station serves. */
enum QrFormat {
  SVG("image/svg+xml"),
  PNG("image/png");

  final String contentType;

  QrFormat(String contentType) {
    this.contentType = contentType;
  }

  String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  byte[] render(String text) {
    return this == PNG ? QrCodes.png(text) : QrCodes.svg(text);
  }

  static Optional<QrFormat> parse(String s) {
    if (s == null) {
      return Optional.empty();
    }
    return switch (s.trim().toLowerCase(Locale.ROOT)) {
      case "svg" -> Optional.of(SVG);
      case "png" -> Optional.of(PNG);
      default -> Optional.empty();
    };
  }
}
