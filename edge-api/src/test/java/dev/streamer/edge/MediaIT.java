package dev.streamer.edge;

import static dev.streamer.edge.Api.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(EdgeTestResources.class)
class MediaIT {

    @Inject
    AgroalDataSource ds;

    static byte[] image(String format) throws IOException {
        BufferedImage img = new BufferedImage(16, 12, BufferedImage.TYPE_INT_RGB);
        img.setRGB(3, 4, 0xff8800);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(img, format, out)).isTrue();
        return out.toByteArray();
    }

    /** A minimal valid WebP container (RIFF, lossless VP8L 1x1 pixel). */
    static byte[] webp() {
        return new byte[] {
            'R',
            'I',
            'F',
            'F',
            26,
            0,
            0,
            0,
            'W',
            'E',
            'B',
            'P',
            'V',
            'P',
            '8',
            'L',
            13,
            0,
            0,
            0,
            0x2f,
            0,
            0,
            0,
            0x10,
            0x07,
            0x10,
            0x11,
            0x11,
            (byte) 0x88,
            (byte) 0x88,
            (byte) 0xfe,
            0x07,
            0
        };
    }

    private io.restassured.response.Response upload(Api.Session s, String fileName, byte[] data, String declaredType) {
        return s.as().multiPart("file", fileName, data, declaredType).post("/api/media");
    }

    @Test
    void imagesOfEachTypeAreStoredAndServedWithTheirTypeByMagicBytes() throws IOException {
        Api.Session s = Api.newUser("media");
        byte[][] files = {image("png"), image("jpg"), image("gif"), webp()};
        String[] types = {"image/png", "image/jpeg", "image/gif", "image/webp"};
        for (int i = 0; i < files.length; i++) {
            // the declared type and name are ignored: only the bytes decide
            var r = upload(s, "picture.bin", files[i], "application/octet-stream")
                    .then()
                    .statusCode(201)
                    .body("contentType", equalTo(types[i]))
                    .body("size", equalTo(files[i].length))
                    .body("url", startsWith("/api/media/"))
                    .extract();
            String id = r.path("mediaId");
            var got = s.as().get("/api/media/" + id)
                    .then()
                    .statusCode(200)
                    .header("Content-Type", types[i])
                    .header("X-Content-Type-Options", "nosniff")
                    .header("Cache-Control", "private, max-age=31536000, immutable")
                    .extract()
                    .asByteArray();
            assertThat(got).isEqualTo(files[i]);
        }
    }

    @Test
    void badUploadsGetTheirErrorsAndStoreNothing() throws IOException {
        Api.Session s = Api.newUser("badmedia");
        Rows rows = new Rows(ds);
        long before = rows.count("SELECT COUNT(*) FROM media WHERE owner_id = ?", s.id());

        assertProblem(upload(s, "evil.png", "<?php echo 'hi'; ?>".getBytes(StandardCharsets.UTF_8), "image/png"), 415);
        assertProblem(upload(s, "empty.png", new byte[0], "image/png"), 400);
        byte[] big = Arrays.copyOf(image("png"), 6 * 1024 * 1024);
        assertProblem(upload(s, "big.png", big, "image/png"), 413);
        assertProblem(
                s.as().multiPart("other", "x.png", image("png"), "image/png").post("/api/media"), 400);
        assertProblem(s.as().contentType(ContentType.JSON).body("{}").post("/api/media"), 415);
        assertProblem(
                RestAssured.given()
                        .multiPart("file", "a.png", image("png"), "image/png")
                        .post("/api/media"),
                401);

        assertThat(rows.count("SELECT COUNT(*) FROM media WHERE owner_id = ?", s.id()))
                .isEqualTo(before);
    }

    @Test
    void unknownMediaIs404AndReadingNeedsAToken() throws IOException {
        Api.Session s = Api.newUser("getmedia");
        assertProblem(s.as().get("/api/media/00000000-0000-0000-0000-000000000000"), 404);
        assertProblem(s.as().get("/api/media/not-an-id"), 404);
        String id = upload(s, "a.png", image("png"), "image/png")
                .then()
                .statusCode(201)
                .extract()
                .path("mediaId");
        assertProblem(RestAssured.given().get("/api/media/" + id), 401);
    }
}
