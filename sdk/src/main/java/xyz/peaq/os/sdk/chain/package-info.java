/**
 * The chain layer every peaqOS component uses: {@link xyz.peaq.os.sdk.internal.chain.ChainClient}
 * (JSON-RPC reads, logs, receipts, fees, retries), {@link xyz.peaq.os.sdk.internal.chain.TransactionSender}
 * (EIP-1559 signing with a shared per-signer nonce manager; sign before broadcast for durable
 * journals), and {@link xyz.peaq.os.sdk.internal.chain.RevertDecoder} (custom errors, {@code Error(string)},
 * {@code Panic(uint256)}). JSON-RPC is spoken directly over the JDK HTTP client, so revert data
 * arrives without the JSON quotes web3j 4.13's {@code Response.Error.getData()} keeps; web3j is
 * used for keys, signing and ABI coding only.
 */
package xyz.peaq.os.sdk.chain;

