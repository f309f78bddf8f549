package xyz.peaq.os.sdk.fleet;

/** Progress of a fleet run, e.g. for a progress bar. Called from the run's thread. */
public interface FleetListener {
  /**
   * @param done machines finished
   * @param failed machines given up
   * @param total machines in the run
   * @param step what the run is doing now ({@code register}, {@code mint}, {@code fund}, ...)
   */
  void progress(int done, int failed, int total, String step);

  FleetListener NONE = (done, failed, total, step) -> {};
}
