package xyz.peaq.os.cli;

/** Version of this build; kept in step with the Maven project version. */
final class BuildInfo {
  static final String VERSION = "0.1.0-SNAPSHOT";

  private BuildInfo() {}
}
