package xyz.peaq.os.sdk.internal;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Unmodifiable collections on Android 8.0 (API 26), which lacks Java 9's {@code List.of}, {@code
 * Set.of}, {@code Map.of}/{@code entry}/{@code ofEntries} and Java 10's {@code copyOf}. Like those,
 * they refuse null elements, keys and values (a {@link NullPointerException}), so code moved to
 * them behaves the same. Internal: no compatibility promise.
 */
public final class Immutables {
  private Immutables() {}

  /** {@code List.of(elements)}. */
  @SafeVarargs
  public static <T> List<T> list(T... elements) {
    return copyOf(Arrays.asList(elements));
  }

  /** {@code List.copyOf(elements)}. */
  public static <T> List<T> copyOf(Collection<? extends T> elements) {
    List<T> copy = new ArrayList<>(elements.size());
    for (T e : elements) {
      copy.add(Objects.requireNonNull(e, "element"));
    }
    return Collections.unmodifiableList(copy);
  }

  /** {@code Set.of(elements)}, iteration in the given order; a duplicate is refused as there. */
  @SafeVarargs
  public static <T> Set<T> set(T... elements) {
    Set<T> set = new LinkedHashSet<>();
    for (T e : elements) {
      if (!set.add(Objects.requireNonNull(e, "element"))) {
        throw new IllegalArgumentException("duplicate element: " + e);
      }
    }
    return Collections.unmodifiableSet(set);
  }

  /** {@code Map.copyOf(map)}, iteration in the given map's order. */
  public static <K, V> Map<K, V> copyOf(Map<? extends K, ? extends V> map) {
    Map<K, V> copy = new LinkedHashMap<>();
    for (Map.Entry<? extends K, ? extends V> e : map.entrySet()) {
      copy.put(Objects.requireNonNull(e.getKey(), "key"), Objects.requireNonNull(e.getValue()));
    }
    return Collections.unmodifiableMap(copy);
  }

  /** {@code Map.entry(key, value)}. */
  public static <K, V> Map.Entry<K, V> entry(K key, V value) {
    return new AbstractMap.SimpleImmutableEntry<>(
        Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
  }

  /** {@code Map.ofEntries(entries)}, iteration in the given order; a duplicate key is refused. */
  @SafeVarargs
  public static <K, V> Map<K, V> mapOf(Map.Entry<? extends K, ? extends V>... entries) {
    Map<K, V> map = new LinkedHashMap<>();
    for (Map.Entry<? extends K, ? extends V> e : entries) {
      if (map.put(e.getKey(), e.getValue()) != null) {
        throw new IllegalArgumentException("duplicate key: " + e.getKey());
      }
    }
    return Collections.unmodifiableMap(map);
  }
}
