package xyz.peaq.os.gasstation;

import java.math.BigInteger;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import xyz.peaq.os.sdk.chain.SignedTransaction;

/**
 * The faucet's nonces, allocated through the database so that any number of instances can share one
 * faucet key and no two ever sign with the same nonce. A request's nonce is written on its own row
 * ({@code fund_requests.tx_nonce}) in the same transaction that picks it, under a station-wide
 * lock: the smallest nonce at or above the chain's mined nonce that no other in-flight request
 * (claimed or signed) holds. A nonce whose request died before its transfer was sent is freed when
 * reconciliation fails the request (claim lease) and is then the smallest free one: the next
 * transfer fills the gap (a stuck nonce is replaced, not skipped), and the transfers queued above
 * it are mined.
 *
 * <p>A nonce spent outside the station (another process with the same key) is learnt from the
 * node's refusal: the request signs again above it ({@code above}).
 */
final class FaucetNonces {
  private static final Logger LOG = LoggerFactory.getLogger(FaucetNonces.class);

  /** The lock every allocation takes (PostgreSQL advisory lock; SQLite is serial anyway). */
  private static final String LOCK = "faucet-nonce";

  private final Store store;
  private final FaucetChain chain;

  FaucetNonces(Store store, FaucetChain chain) {
    this.store = store;
    this.chain = chain;
  }

  /**
   * Reserves a nonce for in-flight request {@code requestId}, greater than {@code above} when
   * present (a nonce the node said is used).
   *
   * @return the nonce, or empty when the request is no longer in flight (another instance moved it
   *     on): nothing may be signed for it
   */
  Optional<BigInteger> allocate(String requestId, Optional<BigInteger> above) {
    return store.tx(
        c -> {
          store.lock(c, LOCK);
          // The held nonces first, the chain second: a transfer that is mined and settled between
          // the two reads is then below the mined nonce; the other order could hand out its nonce.
          Set<Long> held = store.heldNonces(c, 0, requestId);
          long floor = chain.minedNonce(chain.faucetAddress()).longValueExact();
          if (above.isPresent()) {
            floor = Math.max(floor, above.get().longValueExact() + 1);
          }
          long n = floor;
          while (held.contains(n)) {
            n++;
          }
          return store.reserveNonce(c, requestId, n)
              ? Optional.of(BigInteger.valueOf(n))
              : Optional.empty();
        });
  }

  /**
   * Replaces a stuck nonce. When in-flight transfers wait above the chain's mined nonce and no
   * in-flight request holds that nonce (its request died before sending, or its transfer was
   * refused), nothing of the station would ever send it and every transfer above it would wait
   * forever. A zero-value transfer from the faucet to itself takes the nonce, under the allocation
   * lock and until its receipt, so no request is signed with it meanwhile.
   *
   * @return the nonce filled, or empty when nothing was stuck
   * @throws xyz.peaq.os.sdk.errors.PeaqosException when the node cannot be read or refuses the
   *     filler (e.g. another process with the key sent that nonce meanwhile): the next pass decides
   *     again
   */
  Optional<BigInteger> fillGap(Duration receiptTimeout) {
    return store.tx(
        c -> {
          store.lock(c, LOCK);
          String faucet = chain.faucetAddress();
          // No request id is empty, so this is every in-flight nonce; read before the chain (see
          // allocate).
          Set<Long> held = store.heldNonces(c, 0, "");
          long mined = chain.minedNonce(faucet).longValueExact();
          held.removeIf(n -> n < mined);
          if (held.isEmpty() || held.contains(mined)) {
            return Optional.empty();
          }
          BigInteger nonce = BigInteger.valueOf(mined);
          SignedTransaction filler = chain.signTransfer(faucet, BigInteger.ZERO, nonce);
          chain.broadcast(filler);
          chain.awaitReceipt(filler.hash(), receiptTimeout);
          LOG.warn(
              "nonce {} of the faucet was stuck (its request never sent it) below {} waiting"
                  + " transfer(s): replaced by {} (0 wei to itself)",
              nonce,
              held.size(),
              filler.hash());
          return Optional.of(nonce);
        });
  }
}
