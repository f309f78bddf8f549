package xyz.peaq.os.mcr;

/** An error answer: {@code {"detail": <detail>}} with {@code status}. */
class HttpError extends RuntimeException {
  private final int status;
  private final transient Object detail;

  HttpError(int status, Object detail) {
    super(String.valueOf(detail), null, false, false);
    this.status = status;
    this.detail = detail;
  }

  int status() {
    return status;
  }

  Object detail() {
    return detail;
  }
}
