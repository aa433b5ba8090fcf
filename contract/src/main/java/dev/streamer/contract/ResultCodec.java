package dev.streamer.contract;

/** JSON codec for the result records on {@link Topics#FEED} and {@link Topics#ANALYTICS}. Thread-safe. */
public final class ResultCodec {

    private ResultCodec() {}

    public static byte[] encode(FeedPost post) {
        return Json.write(post);
    }

    public static byte[] encode(WindowResult result) {
        return Json.write(result);
    }

    public static FeedPost decodeFeedPost(byte[] json) {
        return Json.read(json, FeedPost.class);
    }

    public static WindowResult decodeWindowResult(byte[] json) {
        return Json.read(json, WindowResult.class);
    }
}
