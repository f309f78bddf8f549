package xyz.peaq.os.sdk.mcr;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.List;

/**
 * The {@code peaqos} object of a {@link MachineProfile}. {@code operator}, {@code documentationUrl}
 * may be null. Which of {@code dataApi}, {@code eventData} and {@code partnerData} / {@code
 * partnerDataError} are present depends on {@code dataVisibility}; absent ones are null. The 2.0
 * fields ({@code homeChain}, {@code ratingUnavailable}, {@code machineType}, {@code relocating},
 * and {@code owner} / {@code controller}, sent only for a machine homed away from peaq) are null
 * when the service leaves them out.
 */
public record PeaqosData(
    BigInteger machineId,
    String did,
    String operator,
    String mcr,
    int mcrScore,
    String bondStatus,
    boolean negativeFlag,
    int eventCount,
    String dataVisibility,
    String documentationUrl,
    String dataApi,
    List<EventEntry> eventData,
    JsonNode partnerData,
    String partnerDataError,
    Integer homeChain,
    String ratingUnavailable,
    String machineType,
    Boolean relocating,
    String owner,
    String controller) {

  public PeaqosData {
    eventData = eventData == null ? null : List.copyOf(eventData);
  }
}
