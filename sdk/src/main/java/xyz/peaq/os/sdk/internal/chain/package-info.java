/**
 * Internal to the SDK, not for users: no compatibility promise, and the layering test forbids the
 * CLI and the services to import it. The JSON-RPC connection ({@link
 * xyz.peaq.os.sdk.internal.chain.ChainClient}, the SDK's {@code ChainReads}), EIP-1559 signing with
 * a shared per-signer nonce manager ({@link xyz.peaq.os.sdk.internal.chain.TransactionSender}, the
 * SDK's {@code Signer}), the one classification of node refusals ({@code NodeError}), and revert
 * decoding ({@link xyz.peaq.os.sdk.internal.chain.RevertDecoder}: custom errors, {@code
 * Error(string)}, {@code Panic(uint256)}). JSON-RPC is spoken directly over the JDK HTTP client, so
 * revert data arrives without the JSON quotes web3j 4.13's {@code Response.Error.getData()} keeps;
 * web3j is used for keys, signing and ABI coding only.
 */
package xyz.peaq.os.sdk.internal.chain;
