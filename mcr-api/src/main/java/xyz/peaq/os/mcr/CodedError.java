package xyz.peaq.os.mcr;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The 2.0 error body, {@code {"detail": {"code": ..., "message": ...}}}, used on every path that
 * names a 2.0 machine (decimal DIDs, monetization); 1.0 paths keep the string {@code detail}.
 */
final class CodedError {
  private CodedError() {}

  static HttpError of(int status, String code, String message) {
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("code", code);
    detail.put("message", message);
    return new HttpError(status, detail);
  }

  static HttpError invalid(String message) {
    return of(400, "INVALID_REQUEST", message);
  }

  static HttpError notFound(String message) {
    return of(404, "NOT_FOUND", message);
  }
}
