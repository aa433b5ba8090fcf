package dev.streamer.contract;

/**
 * Payload of USER_SIGNED_IN and USER_SIGNED_OUT since the signed-in gauge: which session (access token) began or
 * ended. Optional: events written before it carry none, still decode, count as activity, and are left out of the
 * gauge (a session the job cannot name cannot be ended by a sign-out).
 *
 * @param tokenId   the token's {@code jti} (a UUID minted by edge-api); a sign-out names the token it revoked
 * @param expiresAt when the token expires, epoch millis: the session ends then if no sign-out ended it before
 */
public record SessionPayload(String tokenId, long expiresAt) {}
