package xyz.peaq.os.mcr;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The Economics 2.0 contracts the indexer follows beside the 1.0 set (devnet.env names). All or
 * none: a half-configured 2.0 set is an error naming the missing variable.
 */
public record Econ2Addresses(
    String infoDesk,
    String machineRegistry,
    String machineStateAndSync,
    String machineSubscription,
    String eventRegistry) {

  public Econ2Addresses {
    require("INFO_DESK_ADDRESS", infoDesk);
    require("MACHINE_REGISTRY_ADDRESS", machineRegistry);
    require("MACHINE_STATE_AND_SYNC_ADDRESS", machineStateAndSync);
    require("MACHINE_SUBSCRIPTION_ADDRESS", machineSubscription);
    require("EVENT_REGISTRY_V2_ADDRESS", eventRegistry);
    infoDesk = infoDesk.trim().toLowerCase();
    machineRegistry = machineRegistry.trim().toLowerCase();
    machineStateAndSync = machineStateAndSync.trim().toLowerCase();
    machineSubscription = machineSubscription.trim().toLowerCase();
    eventRegistry = eventRegistry.trim().toLowerCase();
  }

  /** The 2.0 set named by {@code env}, or null when {@code MACHINE_REGISTRY_ADDRESS} is unset. */
  static Econ2Addresses fromEnv(Map<String, String> env) {
    String registry = env.get("MACHINE_REGISTRY_ADDRESS");
    if (registry == null || registry.isBlank()) {
      return null;
    }
    return new Econ2Addresses(
        env.get("INFO_DESK_ADDRESS"),
        registry,
        env.get("MACHINE_STATE_AND_SYNC_ADDRESS"),
        env.get("MACHINE_SUBSCRIPTION_ADDRESS"),
        env.get("EVENT_REGISTRY_V2_ADDRESS"));
  }

  List<String> all() {
    return List.of(
        infoDesk, machineRegistry, machineStateAndSync, machineSubscription, eventRegistry);
  }

  private static void require(String name, String value) {
    Objects.requireNonNull(name);
    if (value == null || !value.trim().matches("0x[0-9a-fA-F]{40}")) {
      throw new IllegalArgumentException(
          name
              + " must be a 0x-prefixed 20-byte hex address when MACHINE_REGISTRY_ADDRESS is set"
              + " (the Economics 2.0 set is indexed all or nothing), got "
              + (value == null ? "nothing" : "'" + value + "'"));
    }
  }
}
