/**
 * The public chain surface of the SDK: value types ({@link xyz.peaq.os.sdk.chain.TxRequest}, {@link
 * xyz.peaq.os.sdk.chain.SignedTransaction}, {@link xyz.peaq.os.sdk.chain.TxReceipt}, {@link
 * xyz.peaq.os.sdk.chain.LogEntry}, ...), a read connection ({@link
 * xyz.peaq.os.sdk.chain.ChainReads}), a key's transaction steps ({@link
 * xyz.peaq.os.sdk.chain.Signer}), the one transaction lifecycle ({@link
 * xyz.peaq.os.sdk.chain.TransactionPipeline}) with its limits ({@link
 * xyz.peaq.os.sdk.chain.RetryPolicy}), and ABI coding ({@link xyz.peaq.os.sdk.chain.Abi}). The
 * implementation lives in {@code xyz.peaq.os.sdk.internal.chain}, which is not for users.
 */
package xyz.peaq.os.sdk.chain;
