package dev.streamer.push;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamer.contract.FeedPost;
import dev.streamer.contract.Json;
import dev.streamer.contract.WindowResult;
import java.io.UncheckedIOException;
import java.util.List;

/** The JSON text messages the server sends (README "Messages"). Each is encoded once and shared by all clients. */
public final class Messages {

    record Snapshot(String type, List<WindowResult> windows) {}

    record Analytics(String type, WindowResult window) {}

    record Post(String type, FeedPost post) {}

    record Resync(String type) {}

    private static final ObjectMapper MAPPER = Json.mapper();

    private Messages() {}

    public static String snapshot(List<WindowResult> windows) {
        return write(new Snapshot("snapshot", windows));
    }

    public static String analytics(WindowResult window) {
        return write(new Analytics("analytics", window));
    }

    public static String post(FeedPost post) {
        return write(new Post("post", post));
    }

    /** Records may have been missed: the client reloads what it shows (README "Messages"). */
    public static String resync() {
        return write(new Resync("resync"));
    }

    private static String write(Object message) {
        try {
            return MAPPER.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
