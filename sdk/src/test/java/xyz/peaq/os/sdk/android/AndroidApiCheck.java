package xyz.peaq.os.sdk.android;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.codehaus.mojo.animal_sniffer.ClassListBuilder;
import org.codehaus.mojo.animal_sniffer.SignatureChecker;
import org.codehaus.mojo.animal_sniffer.logging.Logger;

/**
 * Checks class files against the Android API level 26 signatures (animal-sniffer's checker, the one
 * the sdk build's {@code animal-sniffer-maven-plugin} runs on our classes) and says what to use
 * instead. A reference to a class of the runtime classpath is fine; a reference to a JDK API that
 * Android 8.0 lacks is a finding.
 */
final class AndroidApiCheck {

  /** What to write instead of each missing API (the first prefix that matches wins). */
  static final Map<String, String> REPLACEMENTS = new LinkedHashMap<>();

  static {
    REPLACEMENTS.put("java.net.http", "xyz.peaq.os.sdk.http.HttpTransport (OkHttp)");
    REPLACEMENTS.put(
        "java.util.List.of",
        "Collections.emptyList(), Collections.singletonList(x) or"
            + " Collections.unmodifiableList(Arrays.asList(..))");
    REPLACEMENTS.put(
        "java.util.List.copyOf", "Collections.unmodifiableList(new ArrayList<>(collection))");
    REPLACEMENTS.put(
        "java.util.Set.of",
        "Collections.unmodifiableSet(new HashSet<>(Arrays.asList(..))) or Collections.emptySet()");
    REPLACEMENTS.put("java.util.Set.copyOf", "Collections.unmodifiableSet(new HashSet<>(c))");
    REPLACEMENTS.put(
        "java.util.Map.of", "a LinkedHashMap filled in a static block, then unmodifiableMap");
    REPLACEMENTS.put("java.util.Map.entry", "new AbstractMap.SimpleImmutableEntry<>(k, v)");
    REPLACEMENTS.put(
        "java.util.Map.copyOf", "Collections.unmodifiableMap(new LinkedHashMap<>(map))");
    REPLACEMENTS.put("String.isBlank", "s.trim().isEmpty()");
    REPLACEMENTS.put("String.strip", "s.trim()");
    REPLACEMENTS.put("String.repeat", "a StringBuilder loop");
    REPLACEMENTS.put("String.lines", "s.split(\"\\\\R\")");
    REPLACEMENTS.put("java.util.HexFormat", "Numeric.toHexString / Numeric.hexStringToByteArray");
    REPLACEMENTS.put("java.nio.file.Path.of", "Paths.get(..)");
    REPLACEMENTS.put("java.nio.file.Files.readString", "new String(Files.readAllBytes(p), UTF_8)");
    REPLACEMENTS.put("java.nio.file.Files.writeString", "Files.write(p, s.getBytes(UTF_8))");
    REPLACEMENTS.put("java.util.stream.Stream.toList", "collect(Collectors.toList())");
    REPLACEMENTS.put("java.util.Optional.isEmpty", "!optional.isPresent()");
    REPLACEMENTS.put("java.util.Optional.or", "optional.isPresent() ? optional : other.get()");
    REPLACEMENTS.put("java.time.Duration.toSeconds", "duration.getSeconds()");
    REPLACEMENTS.put(
        "java.math.BigInteger.longValueExact", "a bitLength() < 64 check, then longValue()");
    REPLACEMENTS.put("java.net.URLEncoder.encode", "URLEncoder.encode(s, \"UTF-8\")");
    REPLACEMENTS.put("java.net.URLDecoder.decode", "URLDecoder.decode(s, \"UTF-8\")");
    REPLACEMENTS.put("java.util.List.toArray", "list.toArray(new T[0])");
    REPLACEMENTS.put(
        "java.io.InputStream.readAllBytes", "a read loop into a ByteArrayOutputStream");
  }

  private static final Pattern REFERENCE = Pattern.compile("Undefined reference: (?:\\S+ )?(\\S+)");

  private final Map<String, org.codehaus.mojo.animal_sniffer.Clazz> signature;
  private final Set<String> knownClasses;

  /**
   * @param signature the {@code .signature} file
   * @param classpath every runtime entry an app gets (their classes count as present)
   */
  AndroidApiCheck(Path signature, List<File> classpath) throws IOException {
    try (InputStream in = Files.newInputStream(signature)) {
      this.signature = SignatureChecker.loadClasses(in);
    }
    ClassListBuilder known = new ClassListBuilder(new Collect(new ArrayList<>()));
    for (File entry : classpath) {
      known.process(entry);
    }
    this.knownClasses = Collections.unmodifiableSet(new HashSet<>(known.getPackages()));
  }

  /**
   * The findings of one jar or classes folder, each "where: missing API → what to use instead".
   * Multi-release variants ({@code META-INF/versions/N}) and {@code module-info} are not checked:
   * Android's D8 compiles the base classes of a jar only.
   */
  List<String> check(File classes) throws IOException {
    List<String> errors = new ArrayList<>();
    SignatureChecker checker =
        new SignatureChecker(signature, knownClasses, new Collect(errors)) {
          @Override
          protected void process(String name, InputStream image) throws IOException {
            if (name.contains("META-INF/versions/") || name.endsWith("module-info.class")) {
              return;
            }
            super.process(name, image);
          }
        };
    checker.setCheckJars(true);
    // Names our findings by source file and line (the plugin's way); a jar's by class and line.
    checker.setSourcePath(
        java.util.Arrays.asList(
            new File("src/main/java"),
            new File("src/test/java"),
            new File("../foundation/src/main/java")));
    checker.setAnnotationTypes(Collections.emptyList());
    checker.process(classes);
    List<String> findings = new ArrayList<>();
    for (String e : errors) {
      // Records compile to java.lang.Record, which Android's D8 desugars (AGP 8+).
      if (!e.endsWith("Undefined reference: void Record.<init>()")) {
        findings.add(e + hint(e));
      }
    }
    return findings;
  }

  static String hint(String error) {
    java.util.regex.Matcher m = REFERENCE.matcher(error);
    String ref = m.find() ? m.group(1) : error;
    for (Map.Entry<String, String> r : REPLACEMENTS.entrySet()) {
      if (ref.startsWith(r.getKey()) || error.contains(" " + r.getKey())) {
        return " -> use " + r.getValue();
      }
    }
    return " -> not on Android 8.0 (API 26): use an older API or an Android-safe library";
  }

  /** Collects errors; the rest of animal-sniffer's chatter is dropped. */
  private record Collect(List<String> errors) implements Logger {
    @Override
    public void info(String message) {}

    @Override
    public void info(String message, Throwable t) {}

    @Override
    public void debug(String message) {}

    @Override
    public void debug(String message, Throwable t) {}

    @Override
    public void warn(String message) {}

    @Override
    public void warn(String message, Throwable t) {}

    @Override
    public void error(String message) {
      errors.add(message);
    }

    @Override
    public void error(String message, Throwable t) {
      errors.add(message + " (" + t + ")");
    }
  }
}
