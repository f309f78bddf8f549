package xyz.peaq.os.cli;

import picocli.CommandLine.IVersionProvider;

/**
 * {@code peaqos --version}: the CLI and SDK versions on one line, as the official CLI prints them.
 */
public final class VersionProvider implements IVersionProvider {
  @Override
  public String[] getVersion() {
    String cli = implementationVersion(Main.class);
    String sdk = implementationVersion(xyz.peaq.os.sdk.errors.PeaqosException.class);
    return new String[] {
      "peaqos "
          + cli
          + " (peaqos-sdk-java "
          + sdk
          + ", Java "
          + System.getProperty("java.version")
          + ")"
    };
  }

  private static String implementationVersion(Class<?> type) {
    String v = type.getPackage() == null ? null : type.getPackage().getImplementationVersion();
    return v != null ? v : BuildInfo.VERSION;
  }
}
