package xyz.peaq.os.sdk.android;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
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
    findings.addAll(check.check(new File("target/classes")));
    assertThat(findings).as("SDK classes using APIs Android 8.0 lacks").isEmpty();
  }

  @Test
  void theRuntimeDependenciesUseOnlyApiLevel26OutsideTheArguedIgnores() throws IOException {
    List<String[]> ignores = new ArrayList<>();
    for (String line :
        Files.readAllLines(
            Paths.get("src/test/resources/android/dependency-ignores.txt"),
            StandardCharsets.UTF_8)) {
      if (!line.trim().isEmpty() && !line.startsWith("#")) {
        String glob = line.substring(0, line.indexOf(" | ")).trim();
        ignores.add(new String[] {glob, globToRegex(glob)});
      }
    }
    Set<String> used = new HashSet<>();
    List<String> findings = new ArrayList<>();
    for (File entry : runtime) {
      for (String f : check.check(entry)) {
        String where = f.contains(".jar:") ? f.substring(f.indexOf(".jar:") + 5) : f;
        String ignoredBy = null;
        for (String[] ignore : ignores) {
          if (where.matches(ignore[1] + "(:.*|\\$.*)?")) {
            ignoredBy = ignore[0];
            break;
          }
        }
        if (ignoredBy == null) {
          findings.add(entry.getName() + ": " + where);
        } else {
          used.add(ignoredBy);
        }
      }
    }
    assertThat(findings)
        .as(
            "dependency classes using APIs Android 8.0 lacks: replace the dependency, use its"
                + " Android artifact, or argue the class in dependency-ignores.txt")
        .isEmpty();
    List<String> stale = new ArrayList<>();
    for (String[] ignore : ignores) {
      if (!used.contains(ignore[0])) {
        stale.add(ignore[0]);
      }
    }
    assertThat(stale).as("dependency-ignores.txt entries that match nothing").isEmpty();
  }

  private static String globToRegex(String glob) {
    StringBuilder re = new StringBuilder();
    for (char c : glob.toCharArray()) {
      re.append(c == '*' ? "[^:]*" : Pattern.quote(String.valueOf(c)));
    }
    return re.toString();
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
