package dev.streamer.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamer.edge.api.ImageType;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ImageTypeTest {

    @Test
    void recognisesEachFormatByItsMagicBytes() {
        assertThat(ImageType.sniff(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0}))
                .contains(ImageType.PNG);
        assertThat(ImageType.sniff(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0}))
                .contains(ImageType.JPEG);
        assertThat(ImageType.sniff("GIF89a....".getBytes(StandardCharsets.US_ASCII)))
                .contains(ImageType.GIF);
        assertThat(ImageType.sniff("GIF87a....".getBytes(StandardCharsets.US_ASCII)))
                .contains(ImageType.GIF);
        assertThat(ImageType.sniff("RIFF\0\0\0\0WEBPVP8 ".getBytes(StandardCharsets.US_ASCII)))
                .contains(ImageType.WEBP);
    }

    @Test
    void refusesEverythingElse() {
        assertThat(ImageType.sniff(new byte[0])).isEmpty();
        assertThat(ImageType.sniff(new byte[] {(byte) 0x89, 'P', 'N', 'G'})).isEmpty();
        assertThat(ImageType.sniff("RIFF\0\0\0\0WAVEfmt ".getBytes(StandardCharsets.US_ASCII)))
                .isEmpty();
        assertThat(ImageType.sniff("<svg xmlns=\"http://www.w3.org/2000/svg\"/>".getBytes(StandardCharsets.US_ASCII)))
                .isEmpty();
        assertThat(ImageType.sniff("GIF90a".getBytes(StandardCharsets.US_ASCII)))
                .isEmpty();
    }
}
