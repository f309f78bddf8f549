package xyz.peaq.os.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Uint256;
import xyz.peaq.os.foundation.DotEnv;
import xyz.peaq.os.sdk.chain.BlockRef;
import xyz.peaq.os.sdk.internal.chain.ChainClient;

/**
 * Reads the devnet's chain state straight from its devnet.env, independent of the CLI's code paths.
 */
final class DevnetReads implements AutoCloseable {
  final Map<String, String> env;
  final ChainClient chain;

  DevnetReads(Path devnetDir) {
    env = DotEnv.readIfPresent(devnetDir.resolve("devnet.env"));
    chain = ChainClient.connect(env.get("PEAQOS_RPC_URL"));
  }

  BigInteger uint(String contractVar, String fn, Type<?>... args) {
    String hex =
        chain.call(
            env.get(contractVar),
            FunctionEncoder.encode(new Function(fn, List.of(args), List.of())));
    @SuppressWarnings({"rawtypes", "unchecked"})
    List<Type> out =
        FunctionReturnDecoder.decode(hex, (List) List.of(new TypeReference<Uint256>() {}));
    return (BigInteger) out.get(0).getValue();
  }

  String address(String contractVar, String fn, Type<?>... args) {
    String hex =
        chain.call(
            env.get(contractVar),
            FunctionEncoder.encode(new Function(fn, List.of(args), List.of())));
    @SuppressWarnings({"rawtypes", "unchecked"})
    List<Type> out =
        FunctionReturnDecoder.decode(hex, (List) List.of(new TypeReference<Address>() {}));
    return out.get(0).toString();
  }

  BigInteger machineIdOf(String wallet) {
    return uint("IDENTITY_REGISTRY_ADDRESS", "machineIdOf", new Address(wallet));
  }

  /** Identity NFTs (soulbound, one per registration) held by the wallet. */
  BigInteger identityNfts(String wallet) {
    return uint("IDENTITY_REGISTRY_ADDRESS", "balanceOf", new Address(wallet));
  }

  BigInteger machineNfts(String wallet) {
    return uint("MACHINE_NFT_ADDRESS", "balanceOf", new Address(wallet));
  }

  BigInteger balance(String wallet) {
    return chain.balance(wallet);
  }

  BigInteger nonce(String wallet) {
    return chain.nonce(wallet, BlockRef.latest());
  }

  BigInteger block() {
    return chain.blockNumber();
  }

  /** The address recorded in a working directory's key file. */
  static String walletOf(Path workDir) throws IOException {
    String a =
        new ObjectMapper()
            .readTree(Files.readString(workDir.resolve(".peaqos/machine-key.json")))
            .get("address")
            .asText();
    return a.startsWith("0x") ? a : "0x" + a;
  }

  @Override
  public void close() {
    chain.close();
  }
}
