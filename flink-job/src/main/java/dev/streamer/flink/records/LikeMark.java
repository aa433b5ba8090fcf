package dev.streamer.flink.records;

/** The latest like or unlike of one user on one post (keyed state), by event time. */
public record LikeMark(boolean liked, long at) {}
