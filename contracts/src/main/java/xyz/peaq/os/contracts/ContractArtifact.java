package xyz.peaq.os.contracts;

import java.util.Objects;

/**
 * One compiled contract: its ABI as JSON text and its creation and runtime bytecode as 0x-prefixed
 * hex.
 *
 * @param name the Solidity contract name, e.g. {@code "IdentityRegistry"}
 * @param abiJson the ABI, a JSON array
 * @param bytecode creation code (constructor arguments are appended by the deployer)
 * @param deployedBytecode runtime code, what {@code eth_getCode} returns and {@code anvil_setCode}
 *     installs
 */
public record ContractArtifact(
    String name, String abiJson, String bytecode, String deployedBytecode) {
  public ContractArtifact {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(abiJson, "abiJson");
    Objects.requireNonNull(bytecode, "bytecode");
    Objects.requireNonNull(deployedBytecode, "deployedBytecode");
  }

  @Override
  public String toString() {
    return "ContractArtifact[" + name + ", " + (bytecode.length() - 2) / 2 + " bytes]";
  }
}
