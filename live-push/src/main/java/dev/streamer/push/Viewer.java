package dev.streamer.push;

/** The authenticated user of a connection, from the token's {@code sub} and {@code upn} claims. */
public record Viewer(String userId, String username) {
}
