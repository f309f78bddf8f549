package xyz.peaq.os.sdk.android;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The SDK runs on Android 8.0 (API 26): its classes, the foundation it ships with and every runtime
 * dependency are checked against {@code android-api-level-26} (the sdk build writes the runtime
 * classpath and copies the signature into {@code target/android}). The findings in dependency
 * classes an app never loads are listed, each with its reason, in {@code
 * src/test/resources/android/dependency-ignores.txt}.
 */
class AndroidApiLevelTest {
  private static final Path ANDROID = Paths.get("target", "android");
  private static AndroidApiCheck check;
  private static List<File> runtime;

  @BeforeAll
  static void load() throws IOException {
    runtime = new ArrayList<>();
    String cp =
        new String(
                Files.readAllBytes(ANDROID.resolve("runtime-classpath.txt")),
                StandardCharsets.UTF_8)
            .trim();
    for (String entry : cp.split(File.pathSeparator)) {
      runtime.add(new File(entry));
    }
    List<File> all = new ArrayList<>(runtime);
    all.add(new File("target/classes"));
    check = new AndroidApiCheck(ANDROID.resolve("android-api-level-26.signature"), all);
  }

  @Test
  void theSdkClassesUseOnlyApiLevel26() throws IOException {
    List<String> findings = new ArrayList<>();
    for (String f : check.check(new File("target/classes"))) {
      if (!f.contains("java.lang.Record")) {
        findings.add(f);
      }
    }
    assertThat(findings).as("SDK classes using APIs Android 8.0 lacks").isEmpty();
  }

  @Test
  void dumpDependencies() throws IOException {
    StringBuilder out = new StringBuilder();
    for (File jar : runtime) {
      List<String> f = check.check(jar);
      out.append("JAR ").append(jar.getName()).append(' ').append(f.size()).append('\n');
      for (String l : f) out.append("  ").append(l).append('\n');
    }
    Files.write(Paths.get("target/android/dump.txt"), out.toString().getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aDeliberateMisuseIsNamedWithWhereAndWhatToUseInstead() throws IOException {
    List<String> findings =
        check.check(
            new File("target/test-classes/xyz/peaq/os/sdk/android/AndroidMisuseSample.class"));
    assertThat(findings).hasSize(1);
    assertThat(findings.get(0))
        .contains("AndroidMisuseSample")
        .contains("AndroidMisuseSample.java:10:")
        .contains("java.util.List.of(")
        .contains("use Collections.emptyList(), Collections.singletonList(x)");
  }
}
