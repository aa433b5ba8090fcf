package dev.streamer.push;

/**
 * The authenticated user of a connection, from the token's {@code sub}, {@code upn}, {@code jti} and {@code exp}
 * claims ({@code expiresAt} in epoch milliseconds).
 */
public record Viewer(String userId, String username, String tokenId, long expiresAt) {}
