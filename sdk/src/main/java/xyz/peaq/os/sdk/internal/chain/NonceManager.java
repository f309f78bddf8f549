package xyz.peaq.os.sdk.internal.chain;

import java.math.BigInteger;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Nonces of one signer on one client. Hands out consecutive nonces under a lock; a nonce whose
 * transaction will never reach the chain is given back and handed out again first, so no gap blocks
 * the signer's later transactions.
 */
final class NonceManager {
  private BigInteger next;
  private final TreeSet<BigInteger> returned = new TreeSet<>();

  synchronized BigInteger allocate(Supplier<BigInteger> pendingOnChain) {
    if (!returned.isEmpty()) {
      return returned.pollFirst();
    }
    if (next == null) {
      next = pendingOnChain.get();
    }
    BigInteger n = next;
    next = next.add(BigInteger.ONE);
    return n;
  }

  /** Gives back a nonce whose transaction was refused or abandoned before broadcast. */
  synchronized void release(BigInteger nonce) {
    if (next == null || nonce.compareTo(next) >= 0) {
      return;
    }
    if (nonce.equals(next.subtract(BigInteger.ONE))) {
      next = nonce;
      while (!returned.isEmpty() && returned.last().equals(next.subtract(BigInteger.ONE))) {
        next = returned.pollLast();
      }
    } else {
      returned.add(nonce);
    }
  }

  /** The chain has used nonces up to {@code pendingOnChain - 1}: skip them. */
  synchronized void resync(BigInteger pendingOnChain) {
    returned.headSet(pendingOnChain).clear();
    if (next == null || pendingOnChain.compareTo(next) > 0) {
      next = pendingOnChain;
    }
  }

  /** Forget everything; the next allocation asks the chain. */
  synchronized void reset() {
    next = null;
    returned.clear();
  }

  synchronized BigInteger peek() {
    return returned.isEmpty() ? next : returned.first();
  }
}
