package xyz.peaq.os.sdk;

import java.math.BigInteger;

/**
 * A minted Machine NFT: the mint transaction and the new token id (independent of the machine id).
 */
public record NftMint(String txHash, BigInteger tokenId) {}
