package xyz.peaq.os.devnet;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Where the devnet's Economics 2.0 contracts live (checksummed), deployed beside the 1.0 set. The
 * seven roles the official SDK's deployment record names, the 2.0 EventRegistry and the PriceOracle
 * are ERC-1967 proxies (the bridge adapter and the provision pool are plain stand-ins); the PEAQ
 * token is the native-balance ERC-20 emulation at {@code 0x…0809}.
 */
public record Econ2Contracts(
    String infoDesk,
    String machineRegistry,
    String machineStateAndSync,
    String machineSubscription,
    String crossChainMirror,
    String machineBridgeAdapter,
    String subscriptionTokenProvisionPool,
    String eventRegistry,
    String priceOracle) {

  /** The deployment id the devnet's 2.0 set carries (as in the official SDK's deployment table). */
  public static final String DEPLOYMENT_ID = "devnet";

  /** peaq's native-balance ERC-20 precompile address; an emulation is installed there. */
  public static final String PEAQ_TOKEN_ADDRESS = "0x0000000000000000000000000000000000000809";

  /** Where the EIP-7702 delegate of funded accounts (NativeBalancePull) is installed. */
  public static final String NATIVE_PULL_ADDRESS = "0x7702000000000000000000000000000000000809";

  public Econ2Contracts {
    Objects.requireNonNull(infoDesk, "infoDesk");
    Objects.requireNonNull(machineRegistry, "machineRegistry");
    Objects.requireNonNull(machineStateAndSync, "machineStateAndSync");
    Objects.requireNonNull(machineSubscription, "machineSubscription");
    Objects.requireNonNull(crossChainMirror, "crossChainMirror");
    Objects.requireNonNull(machineBridgeAdapter, "machineBridgeAdapter");
    Objects.requireNonNull(subscriptionTokenProvisionPool, "subscriptionTokenProvisionPool");
    Objects.requireNonNull(eventRegistry, "eventRegistry");
    Objects.requireNonNull(priceOracle, "priceOracle");
  }

  public String peaqToken() {
    return PEAQ_TOKEN_ADDRESS;
  }

  /** devnet.env variables, in file order. */
  public Map<String, String> asEnv() {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("PEAQOS_DEPLOYMENT_ID", DEPLOYMENT_ID);
    env.put("INFO_DESK_ADDRESS", infoDesk);
    env.put("MACHINE_REGISTRY_ADDRESS", machineRegistry);
    env.put("MACHINE_STATE_AND_SYNC_ADDRESS", machineStateAndSync);
    env.put("MACHINE_SUBSCRIPTION_ADDRESS", machineSubscription);
    env.put("CROSS_CHAIN_MIRROR_ADDRESS", crossChainMirror);
    env.put("MACHINE_BRIDGE_ADAPTER_ADDRESS", machineBridgeAdapter);
    env.put("SUBSCRIPTION_TOKEN_PROVISION_POOL_ADDRESS", subscriptionTokenProvisionPool);
    env.put("EVENT_REGISTRY_V2_ADDRESS", eventRegistry);
    env.put("PRICE_ORACLE_ADDRESS", priceOracle);
    env.put("PEAQ_TOKEN_ADDRESS", PEAQ_TOKEN_ADDRESS);
    return env;
  }

  /** Every address that must hold code for the set to be usable. */
  java.util.List<String> all() {
    return java.util.List.of(
        infoDesk,
        machineRegistry,
        machineStateAndSync,
        machineSubscription,
        crossChainMirror,
        machineBridgeAdapter,
        subscriptionTokenProvisionPool,
        eventRegistry,
        priceOracle);
  }
}
