package xyz.peaq.os.sdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Hash;
import xyz.peaq.os.sdk.errors.ValidationException;
import xyz.peaq.os.sdk.internal.chain.Hex;

class EventValidatorTest {
  static final Instant NOW = Instant.parse("2026-11-28T00:00:00Z");
  static final String TX = "0x" + "ab".repeat(32);

  static EventParams.Builder ok() {
    return EventParams.builder().machineId(1).value(100).timestamp(NOW.getEpochSecond() - 10);
  }

  static void rejects(UnaryOperator<EventParams.Builder> change, String field, String messagePart) {
    assertThatThrownBy(() -> EventValidator.validate(change.apply(ok()).build(), NOW))
        .isInstanceOf(ValidationException.class)
        .hasMessageContaining(messagePart)
        .satisfies(e -> assertThat(((ValidationException) e).field()).isEqualTo(field));
  }

  @Test
  void revenueDefaultsToUsdAndActivityToEmpty() {
    assertThat(EventValidator.validate(ok().build(), NOW).currency()).isEqualTo("USD");
    assertThat(EventValidator.validate(ok().eventType(1).build(), NOW).currency()).isEmpty();
    assertThat(EventValidator.validate(ok().currency("JPY").build(), NOW).currency())
        .isEqualTo("JPY");
  }

  @Test
  void eachRuleHasItsField() {
    rejects(b -> b.machineId(0), "machineId", "positive");
    rejects(b -> b.machineId((BigInteger) null), "machineId", "required");
    rejects(b -> b.eventType(2), "eventType", "0 (revenue) or 1 (activity)");
    rejects(b -> b.value(-1), "value", "non-negative");
    rejects(b -> b.value((BigInteger) null), "value", "required");
    rejects(b -> b.value(BigInteger.ONE.shiftLeft(256)), "value", "non-negative");
    rejects(b -> b.currency("usd"), "currency", "3 to 10 uppercase");
    rejects(b -> b.currency("US"), "currency", "3 to 10 uppercase");
    rejects(b -> b.currency("ABCDEFGHIJK"), "currency", "3 to 10 uppercase");
    rejects(
        b -> b.eventType(1).currency("USD"), "currency", "activity events take an empty currency");
    rejects(b -> b.timestamp(NOW.getEpochSecond() + 1), "timestamp", "in the future");
    rejects(b -> b.timestamp(0), "timestamp", "positive");
    rejects(b -> b.trustLevel(3), "trustLevel", "0, 1 or 2");
    rejects(b -> b.trustLevel(1), "sourceTxHash", "required when trustLevel is 1");
    rejects(b -> b.sourceTxHash("0x1234"), "sourceTxHash", "64 hex");
    rejects(b -> b.sourceChainId(56), "sourceChainId", "must be one of");
    rejects(b -> b.metadata(new byte[4097]), "metadata", "at most 4096");
    rejects(b -> b.rawData(new byte[0]), "rawData", "must not be empty");
  }

  @Test
  void acceptsTheDocumentedEdges() {
    for (long chain : new long[] {0, 3338, 8453, 1, 137, 42161, 10}) {
      assertThat(EventValidator.validate(ok().sourceChainId(chain).build(), NOW).sourceChainId())
          .isEqualTo(chain);
    }
    assertThat(
            EventValidator.validate(ok().trustLevel(1).sourceTxHash(TX).build(), NOW).trustLevel())
        .isEqualTo(1);
    assertThat(
            EventValidator.validate(
                    ok().metadata(new byte[4096]).value(0).timestamp(NOW.getEpochSecond()).build(),
                    NOW)
                .metadata())
        .hasSize(4096);
    assertThat(EventValidator.validate(ok().currency("ABCDEFGHIJ").build(), NOW).currency())
        .isEqualTo("ABCDEFGHIJ");
  }

  @Test
  void dataHashIsKeccakOfRawDataOrZero() {
    byte[] raw = "{\"kwh\":12}".getBytes(StandardCharsets.UTF_8);
    assertThat(EventValidator.dataHash(raw)).isEqualTo(Hex.encode(Hash.sha3(raw)));
    assertThat(EventValidator.dataHash(null)).isEqualTo("0x" + "0".repeat(64));
  }
}
