package xyz.peaq.os.sdk.mcr;

/**
 * {@code GET /machine/{did}} (and {@code /metadata/{token_id}}): the machine profile, NFT metadata
 * JSON v1.0.
 */
public record MachineProfile(String schemaVersion, String name, PeaqosData peaqos) {}
