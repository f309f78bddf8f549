package xyz.peaq.os.cli.activate;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import xyz.peaq.os.sdk.errors.ApiException;

/**
 * Which Gas Station errors the journal records as a refusal (failed) and which as an unknown
 * outcome.
 */
class FundOutcomeTest {
  @Test
  void onlyDefiniteRefusalsAreFailedTheRestIsUnknown() {
    for (String[] c :
        new String[][] {
          {"401", "INVALID_2FA"},
          {"429", "CAP_EXCEEDED_OWNER"},
          {"429", "RATE_LIMITED"},
          {"423", "2FA_LOCKED"},
          {"400", "INVALID_PAYLOAD"},
          {"409", "REQUEST_ALREADY_PROCESSED"}
        }) {
      assertThat(Activation.definiteRefusal(new ApiException(Integer.parseInt(c[0]), c[1], c[1])))
          .as(c[1])
          .isTrue();
    }
    for (String[] c :
        new String[][] {
          {"0", "NETWORK_ERROR"},
          {"0", "TIMEOUT"},
          {"503", "TRANSFER_PENDING"},
          {"409", "DUPLICATE_REQUEST"},
          {"500", "INTERNAL_ERROR"},
          {"502", "TRANSFER_FAILED"},
          {"408", "REQUEST_TIMEOUT"},
          {"200", "BAD_RESPONSE"}
        }) {
      assertThat(Activation.definiteRefusal(new ApiException(Integer.parseInt(c[0]), c[1], c[1])))
          .as(c[1])
          .isFalse();
    }
  }
}
