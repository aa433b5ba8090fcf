package dev.streamer.k8s;

/** Image references: {@code [registry/]repository[:tag][@digest]}. */
final class Images {

    private Images() {}

    /** The reference without tag and digest. */
    static String name(String image) {
        String s = stripDigest(image);
        int colon = s.lastIndexOf(':');
        return colon > s.lastIndexOf('/') ? s.substring(0, colon) : s;
    }

    /** The tag, or null when there is none. */
    static String tag(String image) {
        String s = stripDigest(image);
        int colon = s.lastIndexOf(':');
        return colon > s.lastIndexOf('/') ? s.substring(colon + 1) : null;
    }

    private static String stripDigest(String image) {
        int at = image.indexOf('@');
        return at < 0 ? image : image.substring(0, at);
    }
}
