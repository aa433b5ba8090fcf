package dev.streamer.edge.auth;

/** A user as the API shows it. */
public record User(String id, String username) {}
