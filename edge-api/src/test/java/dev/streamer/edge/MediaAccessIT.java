package dev.streamer.edge;

import static dev.streamer.edge.Api.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;

/** Issue 14: images are readable only where they are shown, and a decompression bomb is refused on upload. */
@QuarkusTest
@WithTestResource(EdgeTestResources.class)
class MediaAccessIT {

    @Inject
    AgroalDataSource ds;

    private static String upload(Api.Session s, byte[] data) {
        return s.as().multiPart("file", "a.png", data, "image/png")
                .post("/api/media")
                .then()
                .statusCode(201)
                .extract()
                .path("mediaId");
    }

    @Test
    void anImageIsReadableByItsOwnerAndByMembersOfACommunityWhereAPostShowsIt() throws Exception {
        Api.Session owner = Api.member("owner", "skype");
        Api.Session member = Api.member("member", "skype");
        Api.Session stranger = Api.member("stranger", "twitter");
        String id = upload(owner, MediaIT.image("png"));
        owner.as().get("/api/media/" + id).then().statusCode(200);
        // not shown anywhere yet: only the owner
        assertProblem(member.as().get("/api/media/" + id), 404);
        assertProblem(stranger.as().get("/api/media/" + id), 404);

        new Rows(ds)
                .post(
                        "skype",
                        owner.id(),
                        owner.username(),
                        "look",
                        id,
                        System.currentTimeMillis(),
                        null,
                        null,
                        0,
                        0,
                        0);
        member.as().get("/api/media/" + id).then().statusCode(200);
        assertProblem(stranger.as().get("/api/media/" + id), 404);
        // leaving the community ends access
        member.as().post("/api/communities/skype/leave").then().statusCode(204);
        assertProblem(member.as().get("/api/media/" + id), 404);
    }

    @Test
    void aPostMayShowOnlyItsAuthorsImages() throws Exception {
        Api.Session owner = Api.member("mine", "facebook");
        Api.Session other = Api.member("thief", "facebook");
        String id = upload(owner, MediaIT.image("png"));
        assertProblem(
                other.as()
                        .contentType(ContentType.JSON)
                        .body(Map.of("text", "mine now", "mediaId", id))
                        .post("/api/communities/facebook/posts"),
                400);
        owner.as()
                .contentType(ContentType.JSON)
                .body(Map.of("text", "mine", "mediaId", id))
                .post("/api/communities/facebook/posts")
                .then()
                .statusCode(202);
    }

    @Test
    void decompressionBombsAreRefusedFromTheirHeader() {
        Api.Session s = Api.newUser("bomb");
        Rows rows = new Rows(ds);
        // tiny files that declare a huge canvas: what a browser would allocate to show them
        assertProblem(send(s, png(100_000, 100_000)), 413);
        assertProblem(send(s, png(8193, 10)), 413);
        assertProblem(send(s, png(5000, 5001)), 413);
        assertProblem(send(s, gif(65_535, 65_535)), 413);
        assertProblem(send(s, webpExtended(20_000, 20_000)), 413);
        // a header that cannot be read is not an image
        byte[] truncated = java.util.Arrays.copyOf(png(10, 10), 20);
        assertProblem(send(s, truncated), 415);
        assertThat(rows.count("SELECT COUNT(*) FROM media WHERE owner_id = ?", s.id()))
                .isZero();
        // at the bounds: accepted
        send(s, png(8192, 3000)).then().statusCode(201);
        send(s, webpExtended(5000, 5000)).then().statusCode(201);
    }

    private static io.restassured.response.Response send(Api.Session s, byte[] data) {
        return s.as().multiPart("file", "x.bin", data, "application/octet-stream")
                .post("/api/media");
    }

    /** A PNG with the given header and a tiny (not matching) image body: a few hundred bytes. */
    static byte[] png(int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
        ByteBuffer ihdr = ByteBuffer.allocate(13)
                .putInt(width)
                .putInt(height)
                .put((byte) 8)
                .put((byte) 2)
                .put((byte) 0)
                .put((byte) 0)
                .put((byte) 0);
        chunk(out, "IHDR", ihdr.array());
        chunk(out, "IDAT", new byte[] {0x78, (byte) 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01});
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }

    /** A GIF whose logical screen is width × height, with one 1×1 frame. */
    static byte[] gif(int width, int height) {
        ByteBuffer b = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        b.put("GIF89a".getBytes(StandardCharsets.US_ASCII))
                .putShort((short) width)
                .putShort((short) height)
                .put((byte) 0)
                .put((byte) 0)
                .put((byte) 0)
                .put((byte) 0x2C)
                .putShort((short) 0)
                .putShort((short) 0)
                .putShort((short) 1)
                .putShort((short) 1)
                .put((byte) 0)
                .put((byte) 2)
                .put((byte) 2)
                .put((byte) 0x4C)
                .put((byte) 0x01)
                .put((byte) 0)
                .put((byte) 0x3B);
        return java.util.Arrays.copyOf(b.array(), b.position());
    }

    /** A WebP (RIFF, VP8X) whose canvas is width × height. */
    static byte[] webpExtended(int width, int height) {
        ByteBuffer b = ByteBuffer.allocate(30).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII))
                .putInt(22)
                .put("WEBP".getBytes(StandardCharsets.US_ASCII))
                .put("VP8X".getBytes(StandardCharsets.US_ASCII))
                .putInt(10)
                .put((byte) 0)
                .put((byte) 0)
                .put((byte) 0)
                .put((byte) 0);
        int w = width - 1;
        int h = height - 1;
        b.put((byte) w)
                .put((byte) (w >> 8))
                .put((byte) (w >> 16))
                .put((byte) h)
                .put((byte) (h >> 8))
                .put((byte) (h >> 16));
        return b.array();
    }
}
