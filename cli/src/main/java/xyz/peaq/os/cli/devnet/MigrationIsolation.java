package xyz.peaq.os.cli.devnet;

import java.io.IOException;
import java.net.URL;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.function.Supplier;

/**
 * The Gas Station and the MCR API each keep Flyway migrations under {@code db/migration} and each
 * scan that location through the thread's context class loader; in one JVM each would see the
 * other's {@code V1__*.sql} and refuse to start. While one service starts, this hides the other
 * module's copy of the folder. (The lasting fix is a per-module location; this keeps the devnet
 * working whichever way the modules are packaged.)
 */
final class MigrationIsolation {
  private MigrationIsolation() {}

  static <T> T startHiding(Class<?> otherModule, Supplier<T> start) {
    String hidden = locationOf(otherModule);
    Thread t = Thread.currentThread();
    ClassLoader previous = t.getContextClassLoader();
    ClassLoader parent = previous != null ? previous : MigrationIsolation.class.getClassLoader();
    t.setContextClassLoader(hidden == null ? parent : new Hiding(parent, hidden));
    try {
      return start.get();
    } finally {
      t.setContextClassLoader(previous);
    }
  }

  private static String locationOf(Class<?> c) {
    try {
      return c.getProtectionDomain().getCodeSource().getLocation().getPath();
    } catch (RuntimeException e) {
      return null;
    }
  }

  private static final class Hiding extends ClassLoader {
    private final String hidden;

    Hiding(ClassLoader parent, String hidden) {
      super(parent);
      this.hidden = hidden;
    }

    private boolean hide(URL u) {
      return u != null && u.getPath().contains(hidden);
    }

    @Override
    public URL getResource(String name) {
      URL u = super.getResource(name);
      if (name.startsWith("db/") && hide(u)) {
        List<URL> rest = filtered(name);
        return rest.isEmpty() ? null : rest.get(0);
      }
      return u;
    }

    @Override
    public Enumeration<URL> getResources(String name) throws IOException {
      if (!name.startsWith("db/")) {
        return super.getResources(name);
      }
      return Collections.enumeration(filtered(name));
    }

    private List<URL> filtered(String name) {
      try {
        return Collections.list(getParent().getResources(name)).stream().filter(u -> !hide(u)).toList();
      } catch (IOException e) {
        return List.of();
      }
    }
  }
}
